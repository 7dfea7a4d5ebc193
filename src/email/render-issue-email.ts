import { type DigestArticle, type DigestIssue, displayIssueDate, wrapText } from '../digest/index.js';
import { isWebUrl } from '../digest/render-html.js';
import { escapeHtml } from '../markup/index.js';
import { ISSUE_STYLE as S } from './inline-styles.js';

/**
 * How much of an issue one message carries: the first `full` articles with summaries, the next `linked`
 * as title + link only, and a count of the rest (read on the web issue). Chosen by `fitIssueEmail`.
 */
export interface IssueEmailLayout {
  full: number;
  linked: number;
}

/** What differs per recipient. */
export interface Personalization {
  unsubscribeUrl: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

interface Placed {
  section: string | null;
  article: DigestArticle;
}

function articlesOf(issue: DigestIssue): Placed[] {
  return issue.sections.flatMap((s) => s.articles.map((article) => ({ section: s.name, article })));
}

function link(url: string, text: string, style: string = S.link): string {
  return isWebUrl(url) ? `<a href="${escapeHtml(url)}" style="${style}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

function countText(count: number): string {
  if (count === 0) return 'No new articles in this period.';
  return count === 1 ? '1 new article.' : `${count} new articles.`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function subjectOf(issue: DigestIssue, prefix = ''): string {
  return oneLine(`${prefix}${issue.title}`);
}

/** Every article that the layout does not carry in full or as a link. */
export function omittedCount(issue: DigestIssue, layout: IssueEmailLayout): number {
  return Math.max(0, issue.articleCount - layout.full - layout.linked);
}

function renderHtml(issue: DigestIssue, layout: IssueEmailLayout, personal: Personalization): string {
  const placed = articlesOf(issue);
  const parts = [`<h1 style="${S.h1}">${link(issue.url, issue.title)}</h1>`, `<p class="lead" style="${S.lead}">${escapeHtml(countText(issue.articleCount))}</p>`];
  let section: string | null | undefined;
  for (const { section: name, article } of placed.slice(0, layout.full)) {
    if (name !== section && name !== null) parts.push(`<h2 style="${S.h2}">${escapeHtml(name)}</h2>`);
    section = name;
    const meta = article.categories.length > 0 ? `<p class="meta" style="${S.meta}">${escapeHtml(article.categories.join(' · '))}</p>` : '';
    const summary = article.summary.trim() === '' ? '' : `<p class="summary" style="${S.summary}">${escapeHtml(article.summary)}</p>`;
    parts.push(`<div class="article" style="${S.article}"><h3 style="${S.h3}">${link(article.url, article.title)}</h3>${meta}${summary}</div>`);
  }
  const linked = placed.slice(layout.full, layout.full + layout.linked);
  const omitted = omittedCount(issue, layout);
  if (linked.length > 0 || omitted > 0) {
    parts.push(`<h2 style="${S.h2}">More in this issue</h2>`);
    if (linked.length > 0) parts.push(`<ul class="more" style="${S.more}">${linked.map(({ article }) => `<li style="${S.moreItem}">${link(article.url, article.title)}</li>`).join('')}</ul>`);
    const rest = omitted > 0 ? `${omitted} more ${omitted === 1 ? 'article' : 'articles'}: ` : '';
    parts.push(`<p>${escapeHtml(rest)}${link(issue.url, 'read the whole issue on the web')}</p>`);
  }
  parts.push(
    `<p class="footer" style="${S.footer}">${escapeHtml(issue.digestTitle)} · ${escapeHtml(displayIssueDate(issue.date))}<br>` +
      `You receive this because you subscribed to ${escapeHtml(issue.digestTitle)}. ${link(personal.unsubscribeUrl, 'Unsubscribe', S.footerLink)}</p>`,
  );
  return `<!doctype html>
<html lang="${escapeHtml(issue.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(issue.title)}</title>
</head>
<body style="${S.body}">
<div class="wrap" style="${S.wrap}">
${parts.join('\n')}
</div>
</body>
</html>
`;
}

function renderText(issue: DigestIssue, layout: IssueEmailLayout, personal: Personalization): string {
  const title = oneLine(issue.title);
  const lines = [title, '='.repeat(Math.min(title.length, 72)), '', countText(issue.articleCount), issue.url, ''];
  const placed = articlesOf(issue);
  let section: string | null | undefined;
  for (const { section: name, article } of placed.slice(0, layout.full)) {
    if (name !== section && name !== null) lines.push(oneLine(name), '-'.repeat(Math.min(oneLine(name).length, 72)), '');
    section = name;
    lines.push(...wrapText(`* ${oneLine(article.title)}`, ''), `  ${article.url}`);
    if (article.categories.length > 0) lines.push(...wrapText(`[${article.categories.map(oneLine).join(', ')}]`, '  '));
    if (article.summary.trim() !== '') lines.push(...wrapText(article.summary, '  '));
    lines.push('');
  }
  const linked = placed.slice(layout.full, layout.full + layout.linked);
  const omitted = omittedCount(issue, layout);
  if (linked.length > 0 || omitted > 0) {
    lines.push('More in this issue', '-----------------', '');
    for (const { article } of linked) lines.push(...wrapText(`* ${oneLine(article.title)}`, ''), `  ${article.url}`);
    if (omitted > 0) lines.push('', `${omitted} more ${omitted === 1 ? 'article' : 'articles'} on the web:`);
    else lines.push('', 'The whole issue on the web:');
    lines.push(issue.url, '');
  }
  lines.push('-- ', `${oneLine(issue.digestTitle)} · ${displayIssueDate(issue.date)}`, 'Unsubscribe:', personal.unsubscribeUrl);
  return `${lines.join('\n')}\n`;
}

/** The issue as one recipient's message parts; the layout decides how much of it fits (see `fitIssueEmail`). */
export function renderIssueEmail(issue: DigestIssue, layout: IssueEmailLayout, personal: Personalization, subjectPrefix = ''): RenderedEmail {
  return { subject: subjectOf(issue, subjectPrefix), html: renderHtml(issue, layout, personal), text: renderText(issue, layout, personal) };
}
