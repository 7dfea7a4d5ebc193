import type { Person } from '../articles/article.js';
import { categorySlug } from './category-slug.js';
import { distinctCategories } from './distinct-categories.js';
import { EMPTY_FEED_UPDATED, type FeedChannel, type FeedItem, type RenderedObject } from './feed-model.js';
import { type FeedKeys, SITE_FEED_KEYS, absoluteUrl, articlePageKey, categoryFeedKeys, categoryPageKey, feedUrls } from './site-paths.js';
import { renderArticlePage } from './render-article-page.js';
import { renderListingPage } from './render-index.js';
import { renderOpml } from './render-opml.js';
import { renderFeeds } from './render-feeds.js';

export interface SiteInfo {
  title: string;
  description: string;
  language: string;
  /** Absolute, ends with `/`. */
  baseUrl: string;
  author?: Person;
  feedSize: number;
  /** Digest feeds that exist in the output, listed on the index page and in OPML. */
  digestFeeds?: FeedListing[];
}

/** An article ready to publish: its feed item (final link and summary) and the slug of its page. */
export interface SiteArticle {
  item: FeedItem;
  slug: string;
}

/** A feed the site publishes, for the index page and OPML. */
export interface FeedListing {
  title: string;
  keys: FeedKeys;
  /** Absolute URL of the feed's HTML page (OPML `htmlUrl`). */
  htmlUrl: string;
  /** Store key of that page, for relative links between pages. */
  htmlKey?: string;
}

function channelFor(site: SiteInfo, title: string, description: string, keys: FeedKeys, homePageUrl = site.baseUrl): FeedChannel {
  const urls = feedUrls(site.baseUrl, keys);
  return {
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

function feedObjects(keys: FeedKeys, channel: FeedChannel, items: FeedItem[]): RenderedObject[] {
  const rendered = renderFeeds(channel, items);
  return [
    { key: keys.rss, body: rendered.rss },
    { key: keys.atom, body: rendered.atom },
    { key: keys.json, body: rendered.json },
  ];
}

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
 * The items whose full content some feed shows: the newest `size` of the site feed and of each category
 * feed. Everything else is needed only as metadata (index, OPML) or for its own page.
 */
export function feedMembers<T extends { categories: string[] }>(items: T[], size: number): Set<T> {
  const members = new Set<T>(items.slice(0, size));
  for (const [, group] of groupByCategory(items)) for (const item of group.items.slice(0, size)) members.add(item);
  return members;
}

/**
 * Renders the site from articles sorted newest first, in publish order: article pages, then category
 * feeds, then the site feeds, then OPML and the index. Writing in this order means a run that dies
 * midway never leaves a feed pointing at a page that does not exist yet. `renderPage` limits which
 * article pages are rendered (an incremental run re-renders only changed articles); feed members must
 * carry their content.
 */
export function renderSite(site: SiteInfo, articles: SiteArticle[], renderPage: (article: SiteArticle) => boolean = () => true): RenderedObject[] {
  const categories = groupByCategory(articles.map((a) => a.item));

  const siteKeys = SITE_FEED_KEYS;
  const listings: FeedListing[] = [{ title: site.title, keys: siteKeys, htmlUrl: site.baseUrl, htmlKey: 'index.html' }];
  for (const [slug, group] of categories) {
    const htmlKey = categoryPageKey(slug);
    listings.push({ title: `${site.title}: ${group.name}`, keys: categoryFeedKeys(slug), htmlUrl: absoluteUrl(site.baseUrl, htmlKey), htmlKey });
  }
  listings.push(...(site.digestFeeds ?? []));
  const siteFeedUrls = feedUrls(site.baseUrl, siteKeys);

  const pages: RenderedObject[] = articles.filter(renderPage).map(({ item, slug }) => ({
    key: articlePageKey(slug),
    phase: 'pages',
    body: renderArticlePage(site, item, siteFeedUrls, absoluteUrl(site.baseUrl, articlePageKey(slug))),
  }));

  // Each category: its page (the feed's home page), then its feeds.
  const categoryObjects = categories.flatMap(([slug, group]): RenderedObject[] => {
    const items = group.items.slice(0, site.feedSize);
    const keys = categoryFeedKeys(slug);
    const key = categoryPageKey(slug);
    const title = `${site.title}: ${group.name}`;
    const description = `${group.name} — ${site.description}`;
    const channel = channelFor(site, title, description, keys, absoluteUrl(site.baseUrl, key));
    const page = renderListingPage(site, { key, title, description, items, ownFeeds: keys, allFeeds: listings });
    return [{ key, body: page }, ...feedObjects(keys, channel, items)];
  });

  const latest = articles.slice(0, site.feedSize).map((a) => a.item);
  const siteFeeds = feedObjects(siteKeys, channelFor(site, site.title, site.description, siteKeys), latest);

  return [
    ...pages,
    ...categoryObjects,
    ...siteFeeds,
    { key: 'feeds.opml', body: renderOpml(site, listings) },
    {
      key: 'index.html',
      body: renderListingPage(site, { key: 'index.html', title: site.title, description: site.description, items: latest, ownFeeds: siteKeys, allFeeds: listings }),
    },
  ];
}
