/** Object keys and absolute URLs of everything the site publishes, in one place. */
export interface FeedKeys {
  rss: string;
  atom: string;
  json: string;
}

export const SITE_FEED_KEYS: FeedKeys = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' };

export function categoryFeedKeys(categorySlug: string): FeedKeys {
  const dir = `categories/${categorySlug}/`;
  return { rss: `${dir}feed.xml`, atom: `${dir}atom.xml`, json: `${dir}feed.json` };
}

export function categoryPageKey(categorySlug: string): string {
  return `categories/${categorySlug}/index.html`;
}

export function articlePageKey(slug: string): string {
  return `articles/${slug}.html`;
}

export function absoluteUrl(siteUrl: string, key: string): string {
  return new URL(key, siteUrl).toString();
}

export function feedUrls(siteUrl: string, keys: FeedKeys): FeedKeys {
  return { rss: absoluteUrl(siteUrl, keys.rss), atom: absoluteUrl(siteUrl, keys.atom), json: absoluteUrl(siteUrl, keys.json) };
}

function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

function fileOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Archive page `page` (1 = oldest) of a feed: `archive/<page>/` beside the feed's own files. */
export function archiveFeedKeys(keys: FeedKeys, page: number): FeedKeys {
  const at = (key: string) => `${folderOf(key)}archive/${page}/${fileOf(key)}`;
  return { rss: at(keys.rss), atom: at(keys.atom), json: at(keys.json) };
}

/** Listing page `page` (1 = oldest articles) of a listing whose first page is `firstPageKey`. */
export function listingPageKey(firstPageKey: string, page: number): string {
  return `${folderOf(firstPageKey)}page/${page}.html`;
}

/** The shipped XSLT that shows RSS and Atom feeds as a page in browsers that still run XSLT. */
export const FEED_STYLESHEET_KEY = 'feed.xsl';
export const SITEMAP_KEY = 'sitemap.xml';
export const ROBOTS_KEY = 'robots.txt';
