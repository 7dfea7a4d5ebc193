import { type DigestIssue, displayIssueDate } from './build-issue.js';

/** One line of Markdown-safe text: line breaks folded, inline syntax backslash-escaped (CommonMark §2.4). */
export function escapeMarkdown(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const inline = oneLine.replace(/[\\`*_[\]<>&|~!]/g, (c) => `\\${c}`);
  // A leading `#`, `-`, `+`, `>` or `1.` would turn the line into a heading, list or quote.
  return inline.replace(/^([#+-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Link destinations in `<…>` may not contain `<`, `>` or line breaks; absolute URLs percent-encode them anyway. */
function destination(url: string): string {
  return `<${url.replace(/[<>\s]/g, encodeURIComponent)}>`;
}

function plural(count: number): string {
  if (count === 0) return 'No new articles in this period.';
  return count === 1 ? '1 new article.' : `${count} new articles.`;
}

/** The issue as CommonMark: for mailing-list tools and people who read Markdown. */
export function renderIssueMarkdown(issue: DigestIssue): string {
  const lines = [`# [${escapeMarkdown(issue.title)}](${destination(issue.url)})`, '', plural(issue.articleCount), ''];
  for (const section of issue.sections) {
    if (section.name !== null) lines.push(`## ${escapeMarkdown(section.name)}`, '');
    for (const article of section.articles) {
      lines.push(`### [${escapeMarkdown(article.title)}](${destination(article.url)})`, '');
      if (article.categories.length > 0) lines.push(`*${article.categories.map(escapeMarkdown).join(' · ')}*`, '');
      if (article.summary.trim() !== '') lines.push(escapeMarkdown(article.summary), '');
    }
  }
  lines.push('---', '', `${escapeMarkdown(issue.digestTitle)} · ${displayIssueDate(issue.date)}`);
  return `${lines.join('\n')}\n`;
}
