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
 * Each file is made when it is written, not when the site is planned: at 100,000 articles the parts'
 * text (~13 MB) was otherwise held through every stage before theirs.
 */
export function planSitemap(
  site: SiteInfo,
  articles: readonly SiteArticle[],
  listingKeys: string[],
  maxUrls = SITEMAP_MAX_URLS,
): { key: string; render: () => string }[] {
  const url = (loc: string, lastmod?: string) =>
    `<url><loc>${escapeXmlText(loc)}</loc>${lastmod ? `<lastmod>${escapeXmlText(lastmod)}</lastmod>` : ''}</url>`;
  const listings = [...listingKeys].sort().map((key) => absoluteUrl(site.baseUrl, key === 'index.html' ? '' : key));
  const total = listings.length + articles.length;
  // URLs `from` to `to` of the listings followed by the article pages, as one `urlset`.
  const urlset = (from: number, to: number) => {
    const entries: string[] = [];
    for (let i = from; i < to; i++) {
      const article = i < listings.length ? undefined : (articles[i - listings.length] as SiteArticle);
      entries.push(article ? url(absoluteUrl(site.baseUrl, articlePageKey(article.slug)), article.item.updated) : url(listings[i] as string));
    }
    return `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`;
  };
  if (total <= maxUrls) return [{ key: SITEMAP_KEY, render: () => urlset(0, total) }];
  const parts: { key: string; render: () => string }[] = [];
  for (let i = 0; i < total; i += maxUrls) {
    const from = i;
    parts.push({ key: `${SITEMAP_PART_PREFIX}${parts.length + 1}.xml`, render: () => urlset(from, Math.min(from + maxUrls, total)) });
  }
  const index = parts.map((p) => `<sitemap><loc>${escapeXmlText(absoluteUrl(site.baseUrl, p.key))}</loc></sitemap>`);
  const indexBody = `<?xml version="1.0" encoding="utf-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${index.join('\n')}\n</sitemapindex>\n`;
  // Parts first: the index never names a part that is not written yet.
  return [...parts, { key: SITEMAP_KEY, render: () => indexBody }];
}

/**
 * Lets every crawler in and names the sitemaps (absolute, as the robots.txt `Sitemap` line requires): the
 * site's, then each issued digest's (written by the digest run, which knows its issues).
 */
export function renderRobots(site: SiteInfo): string {
  const digestSitemaps = (site.digestFeeds ?? []).flatMap((d) => (d.sitemapKey ? [d.sitemapKey] : [])).sort();
  return `User-agent: *\nAllow: /\n${[SITEMAP_KEY, ...digestSitemaps].map((key) => `Sitemap: ${absoluteUrl(site.baseUrl, key)}\n`).join('')}`;
}
