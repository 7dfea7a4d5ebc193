import type { FeedListing, SiteInfo } from './render-site.js';
import { feedUrls } from './site-paths.js';
import { escapeHtml } from '../markup/index.js';

/**
 * OPML 2.0 subscription list (http://opml.org/spec2.opml): one `rss`-type outline per feed, pointing at
 * the RSS version. No dateCreated: it would change every run.
 */
export function renderOpml(site: SiteInfo, feeds: FeedListing[]): string {
  const outlines = feeds
    .map((f) => {
      const urls = feedUrls(site.baseUrl, f.keys);
      return `    <outline type="rss" text="${escapeHtml(f.title)}" title="${escapeHtml(f.title)}" xmlUrl="${escapeHtml(urls.rss)}" htmlUrl="${escapeHtml(f.htmlUrl)}"/>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head>
    <title>${escapeHtml(site.title)}</title>
  </head>
  <body>
${outlines}
  </body>
</opml>
`;
}
