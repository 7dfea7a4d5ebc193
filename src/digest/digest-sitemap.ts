import type { Config } from '../config/config.js';
import { absoluteUrl } from '../feeds/site-paths.js';
import { escapeXmlText } from '../markup/index.js';
import type { OutputObject } from '../publish/sync-objects.js';
import { digestSitemapKey } from './digest-paths.js';

/**
 * sitemaps.org 0.9 for one digest's pages (`pageKeys`: its index pages and every issue page), in key order so
 * the same issues give the same bytes. Written by the digest run, which is the one that knows the issues:
 * the site publish only names it in `robots.txt`. A digest has one issue a day at most, far below the
 * 50,000 URLs one sitemap may hold.
 */
export function digestSitemapObject(config: Config, digestId: string, pageKeys: string[]): OutputObject {
  const urls = [...new Set(pageKeys)].sort().map((key) => `<url><loc>${escapeXmlText(absoluteUrl(config.site.baseUrl, key))}</loc></url>`);
  return {
    key: digestSitemapKey(digestId),
    body: `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`,
  };
}
