import { MEDIA_TYPES } from '../media/media-types.js';
import type { ObjectMeta } from './store.js';

export interface ObjectMetaOptions {
  /** Cache lifetime of feeds, the index and OPML; short so readers see new articles soon. Default 900 s. */
  feedMaxAgeSeconds?: number;
}

/** Folder of run state (hashes, summaries cache); never served from a cache. */
export const STATE_PREFIX = '_feedwright/';

/** Every object of the state store: private, never cached. */
export const STATE_OBJECT_META: ObjectMeta = { contentType: 'application/json; charset=utf-8', cacheControl: 'no-store' };

const DEFAULT_FEED_MAX_AGE = 900;
const PAGE_MAX_AGE = 86_400;
const IMMUTABLE = 'public, max-age=31536000, immutable';

const BY_FILE_NAME: Record<string, string> = {
  'feed.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
};

const BY_EXTENSION: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  opml: 'text/x-opml; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  css: 'text/css; charset=utf-8',
  // What browsers accept for an `xml-stylesheet` XSLT.
  xsl: 'text/xsl; charset=utf-8',
  ...MEDIA_TYPES,
};

// A dated issue (`digests/daily/2025-02-24.html`) never changes once its window has closed.
const DATED_DIGEST_ISSUE = /^digests\/[^/]+\/\d{4}-\d{2}-\d{2}[^/]*$/;
const ARTICLE_PAGE = /^articles\/.+\.html?$/;
// RFC 5005 archive documents keep their items, but not their bytes for good: the newest gains its
// `next-archive` link once, an archived article edited or removed changes its page, and one dated into the
// history shifts the pages after it. Cached for a year, a reader's cache served the old page all that time.
const FEED_ARCHIVE = /^(?:categories\/[^/]+\/)?archive\/\d+\/(?:feed\.xml|atom\.xml|feed\.json)$/;
const ARCHIVE_MAX_AGE = `public, max-age=${PAGE_MAX_AGE}`;

/**
 * Content-Type and Cache-Control for an output key. Pure: the same key always gets the same metadata,
 * so a rerun never rewrites an object just because its headers would differ.
 */
export function objectMetaFor(key: string, options: ObjectMetaOptions = {}): ObjectMeta {
  if (key.startsWith(STATE_PREFIX)) {
    return { contentType: 'application/json; charset=utf-8', cacheControl: 'no-store' };
  }
  const contentType = contentTypeFor(key);
  if (DATED_DIGEST_ISSUE.test(key)) return { contentType, cacheControl: IMMUTABLE };
  if (FEED_ARCHIVE.test(key)) return { contentType, cacheControl: ARCHIVE_MAX_AGE };
  if (ARTICLE_PAGE.test(key)) return { contentType, cacheControl: `public, max-age=${PAGE_MAX_AGE}` };
  const maxAge = options.feedMaxAgeSeconds ?? DEFAULT_FEED_MAX_AGE;
  return { contentType, cacheControl: `public, max-age=${maxAge}` };
}

function contentTypeFor(key: string): string {
  const fileName = key.slice(key.lastIndexOf('/') + 1).toLowerCase();
  const known = BY_FILE_NAME[fileName];
  if (known) return known;
  const dot = fileName.lastIndexOf('.');
  const extension = dot === -1 ? '' : fileName.slice(dot + 1);
  return BY_EXTENSION[extension] ?? 'application/octet-stream';
}
