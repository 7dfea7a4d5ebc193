import type { RenderSource } from './render-source.js';
import type { SiteArticle } from './render-site.js';
import type { Person } from '../articles/article.js';

/** One feed's channel-level data; all URLs absolute. Shared by site, category and digest feeds. */
export interface FeedChannel {
  /** Atom feed id / JSON Feed identity: the absolute URL of the feed's HTML home page. */
  id: string;
  title: string;
  description: string;
  homePageUrl: string;
  /** Absolute self links: `atom:link rel="self"` and JSON Feed `feed_url`. */
  feedUrls: { rss: string; atom: string; json: string };
  language: string;
  authors: Person[];
  /**
   * Used only for an empty feed (pass `EMPTY_FEED_UPDATED`): otherwise the feed is dated by its newest
   * item. Never the clock: same items → same bytes.
   */
  updated: string;
  /** RFC 5005 links (`prev-archive`, `next-archive`, `current`), each with the URL of every format. */
  archiveLinks?: ArchiveLinks;
  /** An archive document (RFC 5005 `fh:archive`): its items never move again. */
  isArchive?: boolean;
  /** WebSub hubs this feed is announced to (`atom:link rel="hub"`, JSON Feed `hubs`). */
  hubs?: string[];
  /** Absolute URL of an XSLT for RSS and Atom (`xml-stylesheet`), so a browser shows a page. */
  stylesheet?: string;
  /** What items carry; default `both`. */
  content?: FeedContent;
}

export type FeedContent = 'summary' | 'full' | 'both';

/** Absolute URLs of the same document in each format (RSS, Atom, JSON Feed). */
export interface FormatUrls {
  rss: string;
  atom: string;
  json: string;
}

export interface ArchiveLinks {
  prevArchive?: FormatUrls;
  nextArchive?: FormatUrls;
  current?: FormatUrls;
}

/** The date of a feed with no items: fixed, so an empty feed is byte-stable too. */
export const EMPTY_FEED_UPDATED = '1970-01-01T00:00:00.000Z';

/** One entry in a feed, already resolved to absolute URLs and a final summary. */
export interface FeedItem {
  /** Stable, globally unique id (tag: URI); RSS guid with isPermaLink="false". */
  id: string;
  title: string;
  /** Absolute link to the article (its own URL or its page on the site). */
  url: string;
  /** Plain-text summary (front-matter summary, else the generated one). */
  summary: string;
  /** Sanitized HTML with absolute links. */
  contentHtml: string;
  published: string;
  updated: string;
  authors: Person[];
  categories: string[];
  image?: string;
  /** Audio/video (podcasts): RSS `enclosure`, Atom `link rel="enclosure"`, JSON Feed `attachments`. */
  enclosure?: FeedEnclosure;
  lang?: string;
}

export interface FeedEnclosure {
  url: string;
  type: string;
  /** Bytes. */
  length: number;
  /** Seconds. */
  duration?: number;
}

export interface RenderedFeeds {
  rss: string;
  atom: string;
  json: string;
}

/** One file of the published site: a store key and its text. */
export interface RenderedObject {
  key: string;
  body: string;
  /**
   * Objects of one phase may be written in parallel (article pages: thousands of them); objects without
   * a phase are written one at a time, in order. Feeds and the index are written one at a time so that an
   * interrupted run has at most one object in flight: an S3-compatible server that stores an interrupted
   * upload partially (s3rver does) can then corrupt at most that one.
   */
  phase?: string;
}

/**
 * A file of the published site before it is rendered: the writer renders it only when it may have
 * changed, and in batches, so a large site is never held in memory whole.
 */
export interface PlannedObject {
  key: string;
  /** As in `RenderedObject`. */
  phase?: string;
  /**
   * Hash of everything the bytes are made from (see render-signature.ts); absent when the object is
   * rendered on every run.
   */
  signature?: string;
  render(): string;
  /**
   * What `render` is made from, as plain data (see render-source.ts), built only when called: another
   * process renders the same bytes from it without the rest of the site. Shared by objects rendered
   * together; planned only on request (`planSite`'s `withSources`).
   */
  source?: () => RenderSource;
  /**
   * Articles whose content the run did not keep and this object shows (an article page; a current feed
   * document's members in a large run): the writer loads their content (see `SiteArticle.contentFrom`)
   * before it renders the object, a bounded batch at a time, and drops it again after.
   */
  loads?: SiteArticle[];
}
