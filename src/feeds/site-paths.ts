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
