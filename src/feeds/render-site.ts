import type { Person } from '../articles/article.js';
import { categorySlug } from './category-slug.js';
import { distinctCategories } from './distinct-categories.js';
import { EMPTY_FEED_UPDATED, type FeedChannel, type FeedContent, type FeedItem, type PlannedObject, type RenderedObject } from './feed-model.js';
import {
  type FeedKeys,
  FEED_STYLESHEET_KEY,
  ROBOTS_KEY,
  SITE_FEED_KEYS,
  SITEMAP_KEY,
  absoluteUrl,
  articlePageKey,
  categoryFeedKeys,
  categoryPageKey,
  feedUrls,
  listingPageKey,
} from './site-paths.js';
import { type ArticleNavigation, renderArticlePage } from './render-article-page.js';
import { type ListingPage, renderListingPage } from './render-index.js';
import { renderOpml } from './render-opml.js';
import { type FeedSetOptions, planFeedSet } from './render-feed-set.js';
import { contentFreePrint, createSigner, type Signer } from './render-signature.js';
import { contentReleased, releaseContent, withoutContent } from './check-feed.js';
import { FeedRenderError } from './feed-error.js';
import { splitArchive } from './archive-pages.js';
import { planSitemap, renderRobots } from './render-sitemap.js';
import { FEED_STYLESHEET } from './feed-stylesheet.js';

export interface SiteInfo {
  /** URLs per sitemap file before `sitemap.xml` becomes an index (sitemaps.org's limit unless a test lowers it). */
  sitemapMaxUrls?: number;
  title: string;
  description: string;
  language: string;
  /** Absolute, ends with `/`. */
  baseUrl: string;
  author?: Person;
  feedSize: number;
  /** Items per archive document and per older listing page (RFC 5005 archives; `page/<n>.html`). */
  archivePageSize?: number;
  /** Byte budget of every feed document. */
  feedMaxBytes?: number;
  /** What items carry in the site feeds and in the category feeds. */
  content?: { site: FeedContent; categories: FeedContent };
  /** WebSub hub advertised in every feed. */
  hub?: string;
  /** Write `xml-stylesheet` instructions and ship `feed.xsl`. */
  stylesheet?: boolean;
  /** Digest feeds that exist in the output, listed on the index page and in OPML. */
  digestFeeds?: FeedListing[];
}

/** An article ready to publish: its feed item (final link and summary) and the slug of its page. */
export interface SiteArticle {
  item: FeedItem;
  slug: string;
  /**
   * Where the content is read from when the run did not keep it (a large build, or a site of many feed
   * members): `item.contentHtml` is empty until the writer loads it for the page or a current feed
   * document that shows it (see `PlannedObject.loads`).
   */
  contentFrom?: PageContentRef;
}

/**
 * Where an article's content comes from, as plain data: its source, its key in that source and the
 * input files its HTML references (published under `assets/`, so links to them are rewritten).
 */
export interface PageContentRef {
  source: string;
  key: string;
  assets: string[];
}

/** A feed the site publishes, for the index page and OPML. */
export interface FeedListing {
  title: string;
  keys: FeedKeys;
  /** Absolute URL of the feed's HTML page (OPML `htmlUrl`). */
  htmlUrl: string;
  /** Store key of that page, for relative links between pages. */
  htmlKey?: string;
  /** Store key of the sitemap of the feed's pages (a digest's), named in `robots.txt`. */
  sitemapKey?: string;
}

function channelFor(site: SiteInfo, title: string, description: string, keys: FeedKeys, homePageUrl = site.baseUrl, content: FeedContent = 'both'): FeedChannel {
  const urls = feedUrls(site.baseUrl, keys);
  return {
    content,
    ...(site.hub ? { hubs: [site.hub] } : {}),
    ...(site.stylesheet ? { stylesheet: absoluteUrl(site.baseUrl, FEED_STYLESHEET_KEY) } : {}),
    // Each feed needs its own Atom id (RFC 4287 §4.2.6): the site and every category feed share a home
    // page, so the feed's own Atom URL is the stable, unique choice.
    id: urls.atom,
    title,
    description,
    homePageUrl,
    feedUrls: urls,
    language: site.language,
    authors: site.author ? [site.author] : [],
    updated: EMPTY_FEED_UPDATED,
  };
}

function feedOptions(site: SiteInfo): FeedSetOptions {
  return { baseUrl: site.baseUrl, size: site.feedSize, archivePageSize: site.archivePageSize ?? DEFAULT_PAGE_SIZE, maxBytes: site.feedMaxBytes ?? DEFAULT_MAX_BYTES };
}

const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_MAX_BYTES = 500_000;

/**
 * Items per category slug (first spelling of the name wins), slugs sorted; items keep their order. An
 * item is listed once per category feed even when two of its category names share a slug.
 */
export function groupByCategory<T extends { categories: string[] }>(items: T[]): [string, { name: string; items: T[] }][] {
  const byCategory = new Map<string, { name: string; items: T[] }>();
  for (const item of items) {
    for (const name of distinctCategories(item.categories)) {
      const slug = categorySlug(name);
      const group = byCategory.get(slug) ?? { name, items: [] };
      group.items.push(item);
      byCategory.set(slug, group);
    }
  }
  return [...byCategory.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The items whose full content some feed shows: the current documents of the site feed and of each category
 * feed, unless those feeds carry summaries only (`content`), as archive documents do. Everything else is
 * needed only as metadata (index, OPML) or for its own page: a site of many summary-only category feeds
 * keeps (or reads again) the content of its site feed's items alone.
 */
export function feedMembers<T extends { categories: string[] }>(
  items: T[],
  size: number,
  archivePageSize = DEFAULT_PAGE_SIZE,
  content: { site: FeedContent; categories: FeedContent } = { site: 'both', categories: 'both' },
): Set<T> {
  return membersOf(items, content.categories === 'summary' ? [] : groupByCategory(items), size, archivePageSize, content);
}

/** `feedMembers` of items already grouped by category. */
function membersOf<T>(items: T[], categories: [string, { items: T[] }][], size: number, archivePageSize: number, content: { site: FeedContent; categories: FeedContent }): Set<T> {
  const members = new Set<T>(content.site === 'summary' ? [] : splitArchive(items, size, archivePageSize).current);
  if (content.categories === 'summary') return members;
  for (const [, group] of categories) for (const item of splitArchive(group.items, size, archivePageSize).current) members.add(item);
  return members;
}

/**
 * Renders the site from articles sorted newest first (every object at once; see `planSite`).
 */
export function renderSite(site: SiteInfo, articles: SiteArticle[], renderPage: (article: SiteArticle) => boolean = () => true): RenderedObject[] {
  return planSite(site, articles, { renderPage }).map((o) => ({ key: o.key, body: o.render(), ...(o.phase ? { phase: o.phase } : {}) }));
}

/**
 * Plans the site from articles sorted newest first, in publish order: article pages, then category
 * pages and feeds (archives before the current documents), then the site feeds, then OPML, the index
 * pages, the sitemap and `robots.txt`. Writing in this order means a run that dies midway never leaves a
 * feed or listing pointing at a page that does not exist yet. `renderPage` limits which article pages
 * are planned (an incremental run re-renders only changed articles and their neighbours); feed members
 * must carry their content. Feeds and listing pages are signed (`salt`: the caller's render settings and
 * format version), so the writer renders only those whose inputs changed. `withSources`: every object
 * also says what it is rendered from (`source`), for a render unit on another worker.
 */
export function planSite(
  site: SiteInfo,
  articles: SiteArticle[],
  options: { renderPage?: (article: SiteArticle) => boolean; salt?: unknown; withSources?: boolean } = {},
): PlannedObject[] {
  const renderPage = options.renderPage ?? (() => true);
  const withSources = options.withSources === true;
  const sign = createSigner([options.salt ?? null, site]);
  const categories = groupByCategory(articles.map((a) => a.item));
  const content = site.content ?? { site: 'both', categories: 'both' };
  const feedSet = feedOptions(site);

  const siteKeys = SITE_FEED_KEYS;
  const siteListing: FeedListing = { title: site.title, keys: siteKeys, htmlUrl: site.baseUrl, htmlKey: 'index.html' };
  const digestListings = site.digestFeeds ?? [];
  const listings: FeedListing[] = [siteListing];
  // What the foot of each category's pages lists (see ListingPage.footerFeeds); one array per category,
  // shared by its pages.
  const categoryFooters = new Map<string, FeedListing[]>();
  for (const [slug, group] of categories) {
    const htmlKey = categoryPageKey(slug);
    const own: FeedListing = { title: `${site.title}: ${group.name}`, keys: categoryFeedKeys(slug), htmlUrl: absoluteUrl(site.baseUrl, htmlKey), htmlKey };
    listings.push(own);
    categoryFooters.set(slug, [siteListing, own, ...digestListings]);
  }
  listings.push(...digestListings);
  const siteFeedUrls = feedUrls(site.baseUrl, siteKeys);

  // An article whose content no feed shows drops it once its page is rendered: a large site then holds
  // only its feed members' HTML while the feeds are written, not every article's.
  const allItems = articles.map((a) => a.item);
  const members = membersOf(allItems, categories, feedSet.size, feedSet.archivePageSize, content);
  const unloadedArticles = new Map<FeedItem, SiteArticle>();
  for (const article of articles) if (article.contentFrom && members.has(article.item)) unloadedArticles.set(article.item, article);
  const unloaded = (item: FeedItem) => unloadedArticles.get(item);
  const pages = planPages(site, articles, { renderPage, members, siteFeedUrls, withSources });

  // Each category: its feeds with their archives, then its listing pages (the feeds' home page first).
  const categoryObjects = categories.flatMap(([slug, group]): PlannedObject[] => {
    const keys = categoryFeedKeys(slug);
    const key = categoryPageKey(slug);
    const title = `${site.title}: ${group.name}`;
    const description = `${group.name} — ${site.description}`;
    const channel = channelFor(site, title, description, keys, absoluteUrl(site.baseUrl, key), content.categories);
    return [
      ...planFeedSet(channel, keys, group.items, feedSet, sign, withSources, unloaded),
      ...listingObjects(site, { key, title, description, ownFeeds: keys, footerFeeds: categoryFooters.get(slug) ?? [] }, group.items, feedSet, sign, withSources),
    ];
  });

  const siteFeeds = planFeedSet(channelFor(site, site.title, site.description, siteKeys, site.baseUrl, content.site), siteKeys, allItems, feedSet, sign, withSources, unloaded);
  const index = listingObjects(site, { key: 'index.html', title: site.title, description: site.description, ownFeeds: siteKeys, footerFeeds: listings }, allItems, feedSet, sign, withSources, [siteListing, ...digestListings]);
  const listingKeys = [...categoryObjects, ...index].map((o) => o.key).filter((k) => k.endsWith('.html'));
  const eager = (objects: { key: string; body: string }[]): PlannedObject[] => made(objects.map(({ key, body }) => ({ key, render: () => body })));
  const made = (objects: { key: string; render: () => string }[]): PlannedObject[] =>
    objects.map(({ key, render }) => (withSources ? { key, render, source: () => ({ kind: 'text', key, body: render() }) } : { key, render }));

  return [
    ...pages,
    ...categoryObjects,
    ...siteFeeds,
    ...eager([{ key: 'feeds.opml', body: renderOpml(site, listings) }]),
    ...index,
    ...made(planSitemap(site, articles, listingKeys, site.sitemapMaxUrls)),
    ...eager([{ key: ROBOTS_KEY, body: renderRobots(site) }]),
    ...(site.stylesheet ? eager([{ key: FEED_STYLESHEET_KEY, body: FEED_STYLESHEET }]) : []),
  ];
}

/**
 * One planned object per article page to render. Its own function so the list is no variable of
 * `planSite` that closures share: the feeds' closures outlive the pages' stage, and a list captured with
 * them kept every page's plan (~0.4 KB each) in memory until the whole render was done.
 */
function planPages(
  site: SiteInfo,
  articles: SiteArticle[],
  options: { renderPage: (article: SiteArticle) => boolean; members: Set<FeedItem>; siteFeedUrls: ReturnType<typeof feedUrls>; withSources: boolean },
): PlannedObject[] {
  const { renderPage, members, siteFeedUrls, withSources } = options;
  const pages: PlannedObject[] = [];
  for (let i = 0; i < articles.length; i++) {
    const article = articles[i] as SiteArticle;
    if (!renderPage(article)) continue;
    const key = articlePageKey(article.slug);
    const render = () => {
      // Planned pages render once: a second render would publish the page without its body.
      if (contentReleased(article.item)) throw new FeedRenderError(key, 'contentHtml', 'page rendered twice: its content was released after the first render', article.item.id);
      if (article.contentFrom) throw new FeedRenderError(key, 'contentHtml', `its content was not loaded from ${article.contentFrom.source}`, article.item.id);
      const body = renderArticlePage(site, article.item, siteFeedUrls, absoluteUrl(site.baseUrl, key), articleNavigation(articles, i));
      // A plan with sources hands the item itself to other workers later: it keeps its content.
      if (!withSources && !members.has(article.item)) releaseContent(article.item);
      return body;
    };
    const page: PlannedObject = { key, phase: 'pages', render };
    if (article.contentFrom) page.loads = [article];
    if (withSources) {
      page.source = () => {
        const from = article.contentFrom;
        return { kind: 'page', key, item: article.item, navigation: articleNavigation(articles, i), ...(from ? { contentFrom: { ...from, slug: article.slug } } : {}) };
      };
    }
    pages.push(page);
  }
  return pages;
}

/** The neighbours of article `i` in site order (newest first) and its categories, for its page. */
function articleNavigation(articles: SiteArticle[], i: number): ArticleNavigation {
  const link = (a: SiteArticle | undefined) => (a ? { title: a.item.title, slug: a.slug } : undefined);
  const article = articles[i] as SiteArticle;
  const newer = link(articles[i - 1]);
  const older = link(articles[i + 1]);
  return {
    categories: distinctCategories(article.item.categories).map((name) => ({ name, slug: categorySlug(name) })),
    ...(newer ? { newer } : {}),
    ...(older ? { older } : {}),
  };
}

/**
 * A listing's pages: the first page (`index.html`) shows what the current feed shows; older articles are
 * on `page/<n>.html`, numbered from the oldest like the feed archives, so a page URL keeps its articles.
 */
function listingObjects(
  site: SiteInfo,
  page: Omit<ListingPage, 'items'>,
  items: FeedItem[],
  options: FeedSetOptions,
  sign: Signer,
  withSources: boolean,
  /** The foot of the older pages, when it is not the first page's (the home page lists every feed). */
  olderFooterFeeds: FeedListing[] = page.footerFeeds,
): PlannedObject[] {
  const { current, pages } = splitArchive(items, options.size, options.archivePageSize);
  const keyOf = (n: number) => listingPageKey(page.key, n);
  // Every field but the items, once per listing and footer (a footer is the same on the pages that share it).
  const signFirst = sign.after('listing', JSON.stringify(page));
  const signOlder = olderFooterFeeds === page.footerFeeds ? signFirst : sign.after('listing', JSON.stringify({ ...page, footerFeeds: olderFooterFeeds }));
  const planned = (listing: ListingPage): PlannedObject => {
    const { items: shown, footerFeeds, ...fields } = listing;
    const signListing = footerFeeds === page.footerFeeds ? signFirst : signOlder;
    // A listing shows no article content (summaries only): signed without it, like the archives.
    const object: PlannedObject = { key: listing.key, signature: signListing(fields, shown.map(contentFreePrint)), render: () => renderListingPage(site, listing) };
    if (withSources) object.source = () => ({ kind: 'listing', listing: { ...listing, items: shown.map(withoutContent) } });
    return object;
  };
  const older: PlannedObject[] = [];
  for (let n = pages.length; n >= 1; n--) {
    older.push(
      planned({
        ...page,
        footerFeeds: olderFooterFeeds,
        key: keyOf(n),
        // No page count in the page: page n keeps its bytes when newer pages are added.
        title: `${page.title} (page ${n})`,
        items: pages[n - 1] ?? [],
        firstPageKey: page.key,
        ...(n > 1 ? { olderKey: keyOf(n - 1) } : {}),
        newerKey: n < pages.length ? keyOf(n + 1) : page.key,
      }),
    );
  }
  const first = planned({ ...page, items: current, ...(pages.length > 0 ? { olderKey: keyOf(pages.length) } : {}) });
  return [...older, first];
}
