import type { ArchiveLinks, FormatUrls } from './feed-model.js';

/** RFC 5005 §4 namespace of `fh:archive`. */
export const FEED_HISTORY_NS = 'http://purl.org/syndication/history/1.0';
/** Apple Podcasts RSS tags. */
export const ITUNES_NS = 'http://www.itunes.com/dtds/podcast-1.0.dtd';
/** Media RSS 1.5.1. */
export const MEDIA_RSS_NS = 'http://search.yahoo.com/mrss/';

/** The archive links of a document as `[rel, href]` in one format, in a fixed order (stable bytes). */
export function archiveLinkList(links: ArchiveLinks, format: keyof FormatUrls): [string, string][] {
  const out: [string, string][] = [];
  if (links.current) out.push(['current', links.current[format]]);
  if (links.prevArchive) out.push(['prev-archive', links.prevArchive[format]]);
  if (links.nextArchive) out.push(['next-archive', links.nextArchive[format]]);
  return out;
}
