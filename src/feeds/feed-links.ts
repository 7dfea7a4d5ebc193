import type { ArchiveLinks, FormatUrls } from './feed-model.js';

/** RFC 5005 §4 namespace of `fh:archive`. */
export const FEED_HISTORY_NS = 'http://purl.org/syndication/history/1.0';
/** Apple Podcasts RSS tags. */
export const ITUNES_NS = 'http://www.itunes.com/dtds/podcast-1.0.dtd';
/** Media RSS 1.5.1. */
export const MEDIA_RSS_NS = 'http://search.yahoo.com/mrss/';

/**
 * `to` relative to the document at `from` when both are on one origin: browsers load an XSLT only from the
 * feed's own origin, and a relative link also works for a copied folder opened from disk.
 */
export function relativeHref(from: string, to: string): string {
  const a = new URL(from);
  const b = new URL(to);
  if (a.origin !== b.origin) return to;
  const fromDirs = a.pathname.split('/').slice(1, -1);
  const toParts = b.pathname.split('/').slice(1);
  let common = 0;
  while (common < fromDirs.length && common < toParts.length - 1 && fromDirs[common] === toParts[common]) common++;
  return '../'.repeat(fromDirs.length - common) + toParts.slice(common).join('/') + b.search + b.hash;
}

/** The archive links of a document as `[rel, href]` in one format, in a fixed order (stable bytes). */
export function archiveLinkList(links: ArchiveLinks, format: keyof FormatUrls): [string, string][] {
  const out: [string, string][] = [];
  if (links.current) out.push(['current', links.current[format]]);
  if (links.prevArchive) out.push(['prev-archive', links.prevArchive[format]]);
  if (links.nextArchive) out.push(['next-archive', links.nextArchive[format]]);
  return out;
}
