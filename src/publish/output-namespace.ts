import { FEED_STYLESHEET_KEY, ROBOTS_KEY, SITE_FEED_KEYS, SITEMAP_KEY } from '../feeds/site-paths.js';
import { ASSETS_PREFIX } from './assets.js';
import { LEGACY_STATE_PREFIX } from './state.js';

/**
 * Keys the publisher produces. After a crash, the output's listing (not the state) is the truth for what
 * exists: any key in this namespace that the current run does not produce is an orphan and is deleted.
 * Files an operator put next to the site (a `CNAME`, a favicon) and hidden files anywhere (`.htaccess`) are
 * outside it and left alone (`robots.txt` is the publisher's now: it names the sitemap);
 * `digests/` belongs to the digest use case.
 */
export function isPublisherKey(key: string): boolean {
  // The publisher writes no hidden name outside `assets/` (which mirrors the input's paths, `img/.scan.png`
  // included), so a `.htaccess` in `articles/` or a category folder is yours.
  if (!key.startsWith(ASSETS_PREFIX) && (key.startsWith('.') || key.includes('/.'))) return false;
  return (
    key.startsWith('articles/') ||
    key.startsWith('categories/') ||
    key === SITE_FEED_KEYS.rss ||
    key === SITE_FEED_KEYS.atom ||
    key === SITE_FEED_KEYS.json ||
    key === 'index.html' ||
    key === 'feeds.opml' ||
    key.startsWith('archive/') ||
    key.startsWith(ASSETS_PREFIX) ||
    key.startsWith('page/') ||
    key === SITEMAP_KEY ||
    key.startsWith('sitemaps/') ||
    key === ROBOTS_KEY ||
    key === FEED_STYLESHEET_KEY
  );
}

export function isLegacyStateKey(key: string): boolean {
  return key.startsWith(LEGACY_STATE_PREFIX);
}

/**
 * Stale objects in the order that keeps readers safe: what links to pages (feeds, listings) goes before
 * the pages, and pages before the files they show.
 */
export function deleteOrder(keys: string[]): string[] {
  const pages = (k: string) => k.startsWith('articles/');
  const assets = (k: string) => k.startsWith(ASSETS_PREFIX);
  return [...keys.filter((k) => !pages(k) && !assets(k)).sort(), ...keys.filter(pages).sort(), ...keys.filter(assets).sort()];
}
