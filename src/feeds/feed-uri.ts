/**
 * Atom ids must be IRIs (RFC 4287 §4.2.6) and the `feed` package runs them through `new URL`, which
 * throws on a bare front-matter id like `42`. Such ids are wrapped in a tag: URI (RFC 4151) under the
 * site host; ids that already are absolute URIs pass through unchanged. Same mapping for every format,
 * so RSS guid, Atom id and JSON Feed id agree.
 */
export function toFeedUri(id: string, siteHost: string): string {
  if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(id)) {
    try {
      if (new URL(id).toString() === id) return id;
    } catch {
      // not a parseable URI: wrap below
    }
  }
  return `tag:${siteHost},2026:id/${encodeURIComponent(id)}`;
}
