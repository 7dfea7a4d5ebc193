import type { Store } from '../storage/store.js';

/**
 * Key in the state store of the feed-content cache: the sanitized HTML of the articles the feeds show.
 * Feeds carry full content, so without it every run that changes anything parses again every source a
 * feed shows (up to feed size × number of feeds), which dominated adding one article to a large site.
 */
export const CONTENT_CACHE_KEY = 'feed-content.json';

/** One article's content, valid only while its source still has this version token. */
export interface ContentEntry {
  source: string;
  version: string;
  html: string;
}

interface ContentCacheFile {
  renderKey: string;
  entries: Record<string, ContentEntry>;
}

/**
 * The cache's entries when it was made under the same render settings; otherwise, or when it is
 * missing or unreadable, none. It is only a cache: every entry is checked against its source's
 * current version before use, so a stale, partial or foreign file costs a re-parse, never wrong bytes.
 */
export async function readContentCache(store: Store, renderKey: string): Promise<{ entries: Map<string, ContentEntry>; text: string | null }> {
  const bytes = await store.read(CONTENT_CACHE_KEY);
  if (bytes === null) return { entries: new Map(), text: null };
  const text = new TextDecoder().decode(bytes);
  try {
    const parsed = JSON.parse(text) as Partial<ContentCacheFile> | null;
    if (parsed?.renderKey !== renderKey || typeof parsed.entries !== 'object' || parsed.entries === null) return { entries: new Map(), text };
    const entries = new Map<string, ContentEntry>();
    for (const [key, entry] of Object.entries(parsed.entries)) {
      if (typeof entry?.source === 'string' && typeof entry.version === 'string' && typeof entry.html === 'string') entries.set(key, entry);
    }
    return { entries, text };
  } catch {
    return { entries: new Map(), text };
  }
}

/** Stable bytes: the same entries give the same text, so an unchanged cache is not rewritten. */
export function serializeContentCache(renderKey: string, entries: Map<string, ContentEntry>): string {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify({ renderKey, entries: Object.fromEntries(sorted) })}\n`;
}
