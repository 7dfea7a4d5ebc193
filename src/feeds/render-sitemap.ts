import { escapeXmlText } from '../markup/index.js';
import type { SiteInfo } from './render-site.js';
import type { SiteArticle } from './render-site.js';
import { SITEMAP_KEY, absoluteUrl, articlePageKey } from './site-paths.js';

/** sitemaps.org 0.9 allows at most 50,000 URLs (and 50 MB) in one sitemap file. */
export const SITEMAP_MAX_URLS = 50_000;

/** Where the parts of a sitemap index live when one sitemap file cannot hold every URL. */
export const SITEMAP_PART_PREFIX = 'sitemaps/';

/**
 * sitemaps.org 0.9: every listing page and every article page (the pages this site serves; an article's
 * external URL is not ours to list), article pages with their last change. Up to `maxUrls` URLs this is one
 * `sitemap.xml`; past that, `sitemap.xml` is a sitemap index naming `sitemaps/<n>.xml` parts of `maxUrls`
 * each. Written by hand because the format is three elements deep; every value is escaped where it lands.
 */
export function renderSitemap(
  site: SiteInfo,
  articles: SiteArticle[],
  listingKeys: string[],
  maxUrls = SITEMAP_MAX_URLS,
): { key: string; body: string }[] {
  const url = (loc: string, lastmod?: string) =>
    `<url><loc>${escapeXmlText(loc)}</loc>${lastmod ? `<lastmod>${escapeXmlText(lastmod)}</lastmod>` : ''}</url>`;
  const listings = [...listingKeys].sort().map((key) => url(absoluteUrl(site.baseUrl, key === 'index.html' ? '' : key)));
  const pages = articles.map((a) => url(absoluteUrl(site.baseUrl, articlePageKey(a.slug)), a.item.updated));
  const urls = [...listings, ...pages];
  const urlset = (entries: string[]) =>
    `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`;
  if (urls.length <= maxUrls) return [{ key: SITEMAP_KEY, body: urlset(urls) }];
  const parts: { key: string; body: string }[] = [];
  for (let i = 0; i < urls.length; i += maxUrls) {
    parts.push({ key: `${SITEMAP_PART_PREFIX}${parts.length + 1}.xml`, body: urlset(urls.slice(i, i + maxUrls)) });
  }
  const index = parts.map((p) => `<sitemap><loc>${escapeXmlText(absoluteUrl(site.baseUrl, p.key))}</loc></sitemap>`);
  // Parts first: the index never names a part that is not written yet.
  return [
    ...parts,
    {
      key: SITEMAP_KEY,
      body: `<?xml version="1.0" encoding="utf-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${index.join('\n')}\n</sitemapindex>\n`,
    },
  ];
}

/** Lets every crawler in and names the sitemap (absolute, as the robots.txt `Sitemap` line requires). */
export function renderRobots(site: SiteInfo): string {
  return `User-agent: *\nAllow: /\nSitemap: ${absoluteUrl(site.baseUrl, SITEMAP_KEY)}\n`;
}
