import type { FeedItem } from './feed-model.js';
import { displayDate, feedAlternates, renderPage } from './page-layout.js';
import type { SiteInfo } from './render-site.js';
import { escapeHtml } from '../markup/index.js';

/** Where an article page links besides the article: its categories and its neighbours in site order. */
export interface ArticleNavigation {
  categories: { name: string; slug: string }[];
  /** The next newer and next older article (title and page slug). */
  newer?: { title: string; slug: string };
  older?: { title: string; slug: string };
}

/** One article's page: the link target for feed items whose article has no URL of its own. */
export function renderArticlePage(
  site: SiteInfo,
  item: FeedItem,
  siteFeedUrls: { rss: string; atom: string; json: string },
  pageUrl: string,
  nav: ArticleNavigation = { categories: [] },
): string {
  const authors = item.authors.map((a) => escapeHtml(a.name)).join(', ');
  // Pages live in `articles/`; category pages in `categories/<slug>/`.
  const categories = nav.categories.map((c) => `<a rel="tag" href="../categories/${escapeHtml(c.slug)}/index.html">${escapeHtml(c.name)}</a>`).join(', ');
  const meta = [
    `<time datetime="${escapeHtml(item.published)}">${displayDate(item.published)}</time>`,
    authors ? `by ${authors}` : '',
    categories ? `in ${categories}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const original = item.url !== pageUrl ? `\n<p><a href="${escapeHtml(item.url)}">Read the original</a></p>` : '';
  const image = item.image && !item.contentHtml.includes(item.image) ? `\n<p><img src="${escapeHtml(item.image)}" alt=""></p>` : '';
  const neighbours = [
    nav.newer ? `<a rel="prev" href="${escapeHtml(nav.newer.slug)}.html">Newer: ${escapeHtml(nav.newer.title)}</a>` : '',
    nav.older ? `<a rel="next" href="${escapeHtml(nav.older.slug)}.html">Older: ${escapeHtml(nav.older.title)}</a>` : '',
  ].filter(Boolean);
  const pager = neighbours.length > 0 ? `\n<nav class="pager">${neighbours.join(' · ')}</nav>` : '';
  const body = `<header><a href="../index.html">${escapeHtml(site.title)}</a></header>
<article>
<h1>${escapeHtml(item.title)}</h1>
<p class="meta">${meta}</p>
<p><strong>Summary:</strong> ${escapeHtml(item.summary)}</p>${image}
${item.contentHtml}${original}
</article>${pager}
<footer class="feeds">Subscribe: <a href="../feed.xml">RSS</a> <a href="../atom.xml">Atom</a> <a href="../feed.json">JSON Feed</a></footer>`;
  return renderPage({
    lang: item.lang ?? site.language,
    title: `${item.title} — ${site.title}`,
    alternates: feedAlternates(site.title, siteFeedUrls),
    canonical: item.url,
    description: item.summary,
    openGraph: {
      type: 'article',
      title: item.title,
      url: item.url,
      siteName: site.title,
      ...(item.image ? { image: item.image } : {}),
      publishedTime: item.published,
    },
    body,
  });
}
