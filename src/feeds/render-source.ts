import type { FeedChannel, FeedItem, RenderedObject } from './feed-model.js';
import { type ArticleNavigation, renderArticlePage } from './render-article-page.js';
import { type FeedSetOptions, renderArchiveDocument, renderCurrentDocument } from './render-feed-set.js';
import { type ListingPage, renderListingPage } from './render-index.js';
import type { PageContentRef, SiteInfo } from './render-site.js';
import { FeedRenderError } from './feed-error.js';
import { type FeedKeys, SITE_FEED_KEYS, absoluteUrl, feedUrls } from './site-paths.js';

/**
 * Everything one planned document is rendered from besides the site settings, as plain JSON data: a
 * render unit on another worker stores only this, never the site it was planned from. Items a document
 * shows without their content (archives, listing pages) come without it.
 */
export type RenderSource =
  | { kind: 'page'; key: string; item: FeedItem; navigation: ArticleNavigation; contentFrom?: PageContentRef & { slug: string } }
  | { kind: 'archive'; channel: FeedChannel; keys: FeedKeys; page: number; pageCount: number; items: FeedItem[]; options: FeedSetOptions }
  | {
      kind: 'current';
      channel: FeedChannel;
      keys: FeedKeys;
      pageCount: number;
      items: FeedItem[];
      options: FeedSetOptions;
      /** Members whose content the unit reads from the input (`item`: index in `items`), as a page's. */
      contentFrom?: (PageContentRef & { slug: string; item: number })[];
    }
  | { kind: 'listing'; listing: ListingPage }
  | { kind: 'text'; key: string; body: string };

/** The objects a source renders to (a feed document's three formats, or one page): what `planSite` renders. */
export function renderSource(site: SiteInfo, source: RenderSource): RenderedObject[] {
  switch (source.kind) {
    case 'page': {
      // Loaded by whoever renders the unit (it has the input store), never by this pure renderer.
      if (source.contentFrom) throw new FeedRenderError(source.key, 'contentHtml', `its content was not loaded from ${source.contentFrom.source}`, source.item.id);
      const pageUrl = absoluteUrl(site.baseUrl, source.key);
      return [{ key: source.key, body: renderArticlePage(site, source.item, feedUrls(site.baseUrl, SITE_FEED_KEYS), pageUrl, source.navigation) }];
    }
    case 'archive':
      return renderArchiveDocument(source.channel, source.keys, source.page, source.pageCount, source.items, source.options);
    case 'current': {
      const [first] = source.contentFrom ?? [];
      if (first) throw new FeedRenderError(source.channel.feedUrls.rss, 'contentHtml', `its content was not loaded from ${first.source}`, source.items[first.item]?.id);
      return renderCurrentDocument(source.channel, source.keys, source.items, source.pageCount, source.options);
    }
    case 'listing':
      return [{ key: source.listing.key, body: renderListingPage(site, source.listing) }];
    case 'text':
      return [{ key: source.key, body: source.body }];
  }
}

/** How many items a source holds: what a unit's stored input grows with. */
export function sourceItems(source: RenderSource): number {
  switch (source.kind) {
    case 'page':
      return 1;
    case 'archive':
    case 'current':
      return source.items.length;
    case 'listing':
      return source.listing.items.length;
    case 'text':
      // A sitemap or OPML: one line per URL or feed, each far smaller than an item.
      return Math.ceil(source.body.length / 1000);
  }
}
