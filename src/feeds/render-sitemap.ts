import { escapeXmlText } from '../markup/index.js';
import type { SiteInfo } from './render-site.js';
import type { SiteArticle } from './render-site.js';
import { SITEMAP_KEY, absoluteUrl, articlePageKey } from './site-paths.js';

/**
 * sitemaps.org 0.9: every listing page and every article page (the pages this site serves; an article's
 * external URL is not ours to list), article pages with their last change. Written by hand because the
 * format is three elements deep; every value is escaped where it lands.
 */
export function renderSitemap(site: SiteInfo, articles: SiteArticle[], listingKeys: string[]): string {
  const url = (loc: string, lastmod?: string) =>
    `<url><loc>${escapeXmlText(loc)}</loc>${lastmod ? `<lastmod>${escapeXmlText(lastmod)}</lastmod>` : ''}</url>`;
  const listings = [...listingKeys].sort().map((key) => url(absoluteUrl(site.baseUrl, key === 'index.html' ? '' : key)));
  const pages = articles.map((a) => url(absoluteUrl(site.baseUrl, articlePageKey(a.slug)), a.item.updated));
  return `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${[...listings, ...pages].join('\n')}
</urlset>
`;
}

/** Lets every crawler in and names the sitemap (absolute, as the robots.txt `Sitemap` line requires). */
export function renderRobots(site: SiteInfo): string {
  return `User-agent: *\nAllow: /\nSitemap: ${absoluteUrl(site.baseUrl, SITEMAP_KEY)}\n`;
}
