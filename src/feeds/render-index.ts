import { escapeHtml } from '../markup/index.js';
import type { FeedItem } from './feed-model.js';
import { displayDate, feedAlternates, renderPage } from './page-layout.js';
import type { FeedListing, SiteInfo } from './render-site.js';
import { type FeedKeys, absoluteUrl, feedUrls } from './site-paths.js';

export interface ListingPage {
  /** Store key of the page itself, e.g. `index.html` or `categories/science/index.html`. */
  key: string;
  title: string;
  description: string;
  items: FeedItem[];
  /** The feeds this page is about (autodiscovery); the first is the page's own feed. */
  ownFeeds: FeedKeys;
  /** Every feed of the site, listed at the bottom; hrefs are made relative to the page. */
  allFeeds: FeedListing[];
}

/**
 * A page that lists articles with summaries: the home page and one per category. Feed links are
 * relative, so a copied or locally opened output folder keeps working.
 */
export function renderListingPage(site: SiteInfo, page: ListingPage): string {
  const root = '../'.repeat(page.key.split('/').length - 1);
  const items = page.items
    .map(
      (item) => `<li><a href="${escapeHtml(item.url)}"><strong>${escapeHtml(item.title)}</strong></a>
<div class="meta"><time datetime="${escapeHtml(item.published)}">${displayDate(item.published)}</time>${
        item.categories.length ? ` · ${item.categories.map(escapeHtml).join(', ')}` : ''
      }</div>
<p>${escapeHtml(item.summary)}</p></li>`,
    )
    .join('\n');
  const feedList = page.allFeeds
    .map((f) => {
      const title = f.htmlKey ? `<a href="${escapeHtml(root + f.htmlKey)}">${escapeHtml(f.title)}</a>` : escapeHtml(f.title);
      const links = (['rss', 'atom', 'json'] as const).map((kind, i) => `<a href="${escapeHtml(root + f.keys[kind])}">${['RSS', 'Atom', 'JSON Feed'][i]}</a>`);
      return `<li>${title}: ${links.join(' ')}</li>`;
    })
    .join('\n');
  const home = page.key === 'index.html' ? '' : `<p><a href="${root}index.html">${escapeHtml(site.title)}</a></p>`;
  const body = `<header>${home}<h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.description)}</p></header>
<main>
<ul class="items">
${items || '<li>No articles yet.</li>'}
</ul>
</main>
<footer>
<h2>Feeds</h2>
<ul class="feeds">
${feedList}
<li><a href="${root}feeds.opml">All feeds (OPML)</a></li>
</ul>
</footer>`;
  return renderPage({
    lang: site.language,
    title: page.title,
    alternates: feedAlternates(page.title, feedUrls(site.baseUrl, page.ownFeeds)),
    canonical: absoluteUrl(site.baseUrl, page.key === 'index.html' ? '' : page.key),
    body,
  });
}
