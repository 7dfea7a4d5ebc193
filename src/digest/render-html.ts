import { escapeHtml } from '../feeds/index.js';
import { textDirection } from '../articles/language-tag.js';
import { type DigestArticle, type DigestIssue, displayIssueDate } from './build-issue.js';

// E-mail clients drop <style> blocks and external CSS, so every rule is an inline style attribute.
const S = {
  wrap: 'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;max-width:640px;margin:0 auto;padding:16px',
  h1: 'font-size:24px;line-height:1.25;margin:0 0 8px',
  lead: 'color:#555555;font-size:14px;margin:0 0 24px',
  h2: 'font-size:18px;margin:24px 0 12px;padding-bottom:4px;border-bottom:1px solid #dddddd',
  article: 'margin:0 0 20px',
  h3: 'font-size:17px;line-height:1.3;margin:0 0 4px',
  link: 'color:#0b57d0;text-decoration:none',
  meta: 'color:#666666;font-size:13px;margin:0 0 4px',
  summary: 'margin:0',
  image: 'display:block;width:100%;max-width:600px;height:auto;border:0;margin:0 0 8px',
  footer: 'color:#777777;font-size:13px;margin:32px 0 0;border-top:1px solid #dddddd;padding-top:8px',
} as const;

/** Only web links become hrefs: a `javascript:` or `data:` URL in an item would run in a mail client or browser. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function link(url: string, text: string): string {
  if (!isWebUrl(url)) return escapeHtml(text);
  return `<a href="${escapeHtml(url)}" style="${S.link}">${escapeHtml(text)}</a>`;
}

function renderArticle(article: DigestArticle): string {
  const meta = article.categories.length > 0 ? `\n<p style="${S.meta}">${escapeHtml(article.categories.join(' · '))}</p>` : '';
  const summary = article.summary.trim() === '' ? '' : `\n<p style="${S.summary}">${escapeHtml(article.summary)}</p>`;
  // Width fixed in the attribute too: many mail clients ignore max-width on images.
  const image = article.image && isWebUrl(article.image) ? `\n<img src="${escapeHtml(article.image)}" alt="" width="600" style="${S.image}">` : '';
  return `<div style="${S.article}">${image}
<h3 style="${S.h3}">${link(article.url, article.title)}</h3>${meta}${summary}
</div>`;
}

function countText(count: number): string {
  if (count === 0) return 'No new articles in this period.';
  return count === 1 ? '1 new article.' : `${count} new articles.`;
}

function issueParts(issue: DigestIssue): string[] {
  const parts = [`<h1 style="${S.h1}">${link(issue.url, issue.title)}</h1>`, `<p style="${S.lead}">${escapeHtml(countText(issue.articleCount))}</p>`];
  for (const section of issue.sections) {
    if (section.name !== null) parts.push(`<h2 style="${S.h2}">${escapeHtml(section.name)}</h2>`);
    for (const article of section.articles) parts.push(renderArticle(article));
  }
  return parts;
}

function wrap(parts: string[]): string {
  return `<div style="${S.wrap}">\n${parts.join('\n')}\n</div>`;
}

/** The issue's content without a document around it: the body of the HTML page and the feed entry's content. */
export function renderIssueBodyHtml(issue: DigestIssue): string {
  return wrap(issueParts(issue));
}

/** A standalone, e-mail friendly page: inline styles, no scripts, no external resources. */
export function renderIssueHtml(issue: DigestIssue): string {
  const footer = `<p style="${S.footer}">${escapeHtml(issue.digestTitle)} · ${escapeHtml(displayIssueDate(issue.date))}</p>`;
  const body = wrap([...issueParts(issue), footer]);
  return htmlDocument({ language: issue.language, title: issue.title, head: '', body });
}

/** The page shell shared by issue pages and the digest index: no external resources, no scripts. */
function htmlDocument(args: { language: string; title: string; head: string; body: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(args.language)}"${textDirection(args.language) === 'rtl' ? ' dir="rtl"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(args.title)}</title>${args.head}
</head>
<body style="margin:0;padding:0;background:#ffffff">
${args.body}
</body>
</html>
`;
}

/** One line of the digest's index page. */
export interface IssueListing {
  date: string;
  articleCount: number;
}

/** `digests/<id>/index.html`: every issue, newest first, with links relative to the index. */
export function renderDigestIndexHtml(args: {
  title: string;
  language: string;
  feedUrls: { rss: string; atom: string; json: string };
  issues: IssueListing[];
  /** Prefix of issue links (`../` on the numbered older pages). */
  issueHrefPrefix?: string;
  /** Links to the next older and newer page of the index, when there is one. */
  olderHref?: string;
  newerHref?: string;
}): string {
  const prefix = args.issueHrefPrefix ?? '';
  const issues = [...args.issues].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const list =
    issues.length === 0
      ? `<p style="${S.lead}">No issues yet.</p>`
      : `<ul style="list-style:none;padding:0;margin:0">\n${issues
          .map(
            (i) =>
              `<li style="margin:0 0 8px"><a href="${escapeHtml(prefix + i.date)}.html" style="${S.link}">${escapeHtml(displayIssueDate(i.date))}</a> <span style="${S.meta}">(${escapeHtml(countText(i.articleCount).replace(/\.$/, ''))})</span></li>`,
          )
          .join('\n')}\n</ul>`;
  const feeds = [
    `<a href="${escapeHtml(args.feedUrls.rss)}" style="${S.link}">RSS</a>`,
    `<a href="${escapeHtml(args.feedUrls.atom)}" style="${S.link}">Atom</a>`,
    `<a href="${escapeHtml(args.feedUrls.json)}" style="${S.link}">JSON Feed</a>`,
  ].join(' · ');
  const pages = [
    args.newerHref ? `<a rel="prev" href="${escapeHtml(args.newerHref)}" style="${S.link}">Newer issues</a>` : '',
    args.olderHref ? `<a rel="next" href="${escapeHtml(args.olderHref)}" style="${S.link}">Older issues</a>` : '',
  ].filter(Boolean);
  const pager = pages.length > 0 ? `\n<p style="${S.lead}">${pages.join(' · ')}</p>` : '';
  const alternates = `
<link rel="alternate" type="application/rss+xml" title="${escapeHtml(args.title)} (RSS)" href="${escapeHtml(args.feedUrls.rss)}">
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(args.title)} (Atom)" href="${escapeHtml(args.feedUrls.atom)}">
<link rel="alternate" type="application/feed+json" title="${escapeHtml(args.title)} (JSON Feed)" href="${escapeHtml(args.feedUrls.json)}">`;
  const body = `<div style="${S.wrap}">
<h1 style="${S.h1}">${escapeHtml(args.title)}</h1>
<p style="${S.lead}">Subscribe: ${feeds}</p>
${list}${pager}
</div>`;
  return htmlDocument({ language: args.language, title: args.title, head: alternates, body });
}
