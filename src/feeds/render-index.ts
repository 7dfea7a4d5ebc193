import type { FeedItem } from './feed-model.js';
import { displayDate, feedAlternates, renderPage } from './page-layout.js';
import type { FeedListing, SiteInfo } from './render-site.js';
import { feedUrls } from './site-paths.js';
import { escapeHtml } from '../markup/index.js';

/** The home page: latest articles with summaries, and a link to every feed (with autodiscovery). */
export function renderIndex(site: SiteInfo, latest: FeedItem[], feeds: FeedListing[]): string {
  const items = latest
    .map(
      (item) => `<li><a href="${escapeHtml(item.url)}"><strong>${escapeHtml(item.title)}</strong></a>
<div class="meta"><time datetime="${escapeHtml(item.published)}">${displayDate(item.published)}</time>${
        item.categories.length ? ` · ${item.categories.map(escapeHtml).join(', ')}` : ''
      }</div>
<p>${escapeHtml(item.summary)}</p></li>`,
    )
    .join('\n');
  const feedList = feeds
    .map(
      (f) =>
        `<li>${escapeHtml(f.title)}: <a href="${escapeHtml(f.keys.rss)}">RSS</a> <a href="${escapeHtml(f.keys.atom)}">Atom</a> <a href="${escapeHtml(f.keys.json)}">JSON Feed</a></li>`,
    )
    .join('\n');
  const main = feeds[0];
  const body = `<header><h1>${escapeHtml(site.title)}</h1><p>${escapeHtml(site.description)}</p></header>
<main>
<ul class="items">
${items || '<li>No articles yet.</li>'}
</ul>
</main>
<footer>
<h2>Feeds</h2>
<ul class="feeds">
${feedList}
<li><a href="feeds.opml">All feeds (OPML)</a></li>
</ul>
</footer>`;
  return renderPage({
    lang: site.language,
    title: site.title,
    alternates: main ? feedAlternates(site.title, feedUrls(site.baseUrl, main.keys)) : [],
    canonical: site.baseUrl,
    body,
  });
}
