import { escapeHtml } from '../markup/index.js';
import type { FeedItem } from './feed-model.js';
import { displayDate, entryLanguageAttributes, feedAlternates, renderPage } from './page-layout.js';
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
  /**
   * The feeds listed at the foot of the page, hrefs made relative to it: every feed of the site on the home
   * page (`index.html`); elsewhere the site's, this listing's own and the digests', with a link to the home
   * page's list. A list of every feed on every listing page grew with the square of the categories (1,000
   * categories: 250 KB per page, 269 MB for a 1,000-article site) and changed every page of the site
   * whenever a category appeared.
   */
  footerFeeds: FeedListing[];
  /** Older pages (`page/<n>.html`) only: the listing's first page, whose feeds this page belongs to. */
  firstPageKey?: string;
  /** The next older and newer page of the listing, when there is one. */
  olderKey?: string;
  newerKey?: string;
}

/** `to` relative to the folder of `from` (both store keys). */
function relativeKey(from: string, to: string): string {
  const fromParts = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  return '../'.repeat(fromParts.length - common) + toParts.slice(common).join('/');
}

// Every listing page ends with a list of feeds, the same for a listing's pages at the same depth: made once
// per list and depth instead of once per page. Weak, so a list is dropped with the site it belongs to.
const feedLists = new WeakMap<FeedListing[], Map<string, string>>();

function feedListHtml(feeds: FeedListing[], root: string): string {
  let byRoot = feedLists.get(feeds);
  if (byRoot === undefined) feedLists.set(feeds, (byRoot = new Map()));
  let html = byRoot.get(root);
  if (html === undefined) {
    html = feeds
      .map((f) => {
        const title = f.htmlKey ? `<a href="${escapeHtml(root + f.htmlKey)}">${escapeHtml(f.title)}</a>` : escapeHtml(f.title);
        const links = (['rss', 'atom', 'json'] as const).map((kind, i) => `<a href="${escapeHtml(root + f.keys[kind])}">${['RSS', 'Atom', 'JSON Feed'][i]}</a>`);
        return `<li>${title}: ${links.join(' ')}</li>`;
      })
      .join('\n');
    byRoot.set(root, html);
  }
  return html;
}

/**
 * A page that lists articles with summaries: the home page and one per category. Feed links are
 * relative, so a copied or locally opened output folder keeps working.
 */
export function renderListingPage(site: SiteInfo, page: ListingPage): string {
  const root = '../'.repeat(page.key.split('/').length - 1);
  const items = page.items
    .map((item) => {
      // Only the article's own words are in its language: the date and categories around them are the site's.
      const own = entryLanguageAttributes(item.lang, site.language);
      return `<li><a href="${escapeHtml(item.url)}"${own}><strong>${escapeHtml(item.title)}</strong></a>
<div class="meta"><time datetime="${escapeHtml(item.published)}">${displayDate(item.published)}</time>${
        item.categories.length ? ` · ${item.categories.map(escapeHtml).join(', ')}` : ''
      }</div>
<p${own}>${escapeHtml(item.summary)}</p></li>`;
    })
    .join('\n');
  const feedList = feedListHtml(page.footerFeeds, root);
  const everyFeed = page.key === 'index.html' ? '' : `\n<li><a href="${root}index.html#feeds">Every feed of the site</a></li>`;
  const home = page.key === 'index.html' ? '' : `<p><a href="${root}index.html">${escapeHtml(site.title)}</a></p>`;
  const pager = [
    page.newerKey ? `<a rel="prev" href="${escapeHtml(relativeKey(page.key, page.newerKey))}">Newer articles</a>` : '',
    page.olderKey ? `<a rel="next" href="${escapeHtml(relativeKey(page.key, page.olderKey))}">Older articles</a>` : '',
  ].filter(Boolean);
  const nav = pager.length > 0 ? `\n<nav class="pager">${pager.join(' ')}</nav>` : '';
  const body = `<header>${home}<h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.description)}</p></header>
<main>
<ul class="items">
${items || '<li>No articles yet.</li>'}
</ul>${nav}
</main>
<footer>
<h2 id="feeds">Feeds</h2>
<ul class="feeds">
${feedList}${everyFeed}
<li><a href="${root}feeds.opml">All feeds (OPML)</a></li>
</ul>
</footer>`;
  const canonical = absoluteUrl(site.baseUrl, page.key === 'index.html' ? '' : page.key);
  return renderPage({
    lang: site.language,
    title: page.title,
    alternates: feedAlternates(page.title, feedUrls(site.baseUrl, page.ownFeeds)),
    canonical,
    description: page.description,
    openGraph: { type: 'website', title: page.title, url: canonical, siteName: site.title, description: page.description },
    body,
  });
}
