export { EMPTY_FEED_UPDATED, type ArchiveLinks, type FeedChannel, type FeedContent, type FeedItem, type FormatUrls, type PlannedObject, type RenderedFeeds, type RenderedObject } from './feed-model.js';
export { FeedRenderError } from './feed-error.js';
export { ARCHIVE_FRAGMENT_CHARS, LARGE_SITE_ARCHIVE_FRAGMENT_CHARS, useArchiveFragmentBudget } from './item-fragments.js';
export { checkFeed, checkItem, forgetCheckedItems, unloadContent, type CheckedChannel, type CheckedFeed, type CheckedItem } from './check-feed.js';
export { distinctCategories } from './distinct-categories.js';
export { renderFeeds } from './render-feeds.js';
export { renderRss } from './render-rss.js';
export { renderAtom } from './render-atom.js';
export { renderJsonFeed } from './render-json-feed.js';
export { planSite, renderSite, groupByCategory, feedMembers, type PageContentRef, type SiteArticle, type SiteInfo, type FeedListing } from './render-site.js';
export { renderPage, displayDate, feedAlternates } from './page-layout.js';
export { escapeHtml, stripXmlIllegal } from '../markup/index.js';
export { categorySlug } from './category-slug.js';
export { toFeedUri } from './feed-uri.js';
export {
  absoluteUrl,
  archiveFeedKeys,
  articlePageKey,
  categoryFeedKeys,
  categoryPageKey,
  feedUrls,
  listingPageKey,
  FEED_STYLESHEET_KEY,
  ROBOTS_KEY,
  SITE_FEED_KEYS,
  SITEMAP_KEY,
  type FeedKeys,
} from './site-paths.js';
export { splitArchive, type ArchiveSplit } from './archive-pages.js';
export { planFeedSet, renderArchiveDocument, renderCurrentDocument, renderFeedSet, renderWithinBudget, takeOverBudgetDocuments, type FeedSetOptions } from './render-feed-set.js';
export { mediaTypeOf } from './media-type.js';
export { contentFreePrint, createSigner, itemPrint, rememberContentFreePrint, rememberContentPrint, type Signer } from './render-signature.js';
export { renderSource, sourceItems, type RenderSource } from './render-source.js';
