import type { FeedItem } from './feed-model.js';
import { displayDate, feedAlternates, renderPage } from './page-layout.js';
import type { SiteInfo } from './render-site.js';
import { escapeHtml } from '../markup/index.js';

/** One article's page: the link target for feed items whose article has no URL of its own. */
export function renderArticlePage(site: SiteInfo, item: FeedItem, siteFeedUrls: { rss: string; atom: string; json: string }, pageUrl: string): string {
  const authors = item.authors.map((a) => escapeHtml(a.name)).join(', ');
  const categories = item.categories.map((c) => escapeHtml(c)).join(', ');
  const meta = [
    `<time datetime="${escapeHtml(item.published)}">${displayDate(item.published)}</time>`,
    authors ? `by ${authors}` : '',
    categories ? `in ${categories}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const original = item.url !== pageUrl ? `\n<p><a href="${escapeHtml(item.url)}">Read the original</a></p>` : '';
  const body = `<header><a href="../index.html">${escapeHtml(site.title)}</a></header>
<article>
<h1>${escapeHtml(item.title)}</h1>
<p class="meta">${meta}</p>
<p><strong>Summary:</strong> ${escapeHtml(item.summary)}</p>
${item.contentHtml}${original}
</article>
<footer class="feeds">Subscribe: <a href="../feed.xml">RSS</a> <a href="../atom.xml">Atom</a> <a href="../feed.json">JSON Feed</a></footer>`;
  return renderPage({
    lang: item.lang ?? site.language,
    title: `${item.title} — ${site.title}`,
    alternates: feedAlternates(site.title, siteFeedUrls),
    canonical: item.url,
    body,
  });
}
