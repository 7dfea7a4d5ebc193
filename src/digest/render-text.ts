import { type DigestIssue, displayIssueDate } from './build-issue.js';

const WIDTH = 72;

/** Greedy word wrap; a word longer than the line (a URL) stays whole on its own line. */
export function wrapText(text: string, indent: string, width = WIDTH): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

function plural(count: number): string {
  if (count === 0) return 'No new articles in this period.';
  return count === 1 ? '1 new article.' : `${count} new articles.`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The issue as plain text wrapped at 72 columns: the text/plain part of an e-mail. */
export function renderIssueText(issue: DigestIssue): string {
  const title = oneLine(issue.title);
  const lines = [title, '='.repeat(Math.min(title.length, WIDTH)), '', plural(issue.articleCount), issue.url, ''];
  for (const section of issue.sections) {
    if (section.name !== null) {
      const name = oneLine(section.name);
      lines.push(name, '-'.repeat(Math.min(name.length, WIDTH)), '');
    }
    for (const article of section.articles) {
      lines.push(...wrapText(`* ${oneLine(article.title)}`, ''), `  ${article.url}`);
      if (article.categories.length > 0) lines.push(...wrapText(`[${article.categories.map(oneLine).join(', ')}]`, '  '));
      if (article.summary.trim() !== '') lines.push(...wrapText(article.summary, '  '));
      lines.push('');
    }
  }
  lines.push('--', `${oneLine(issue.digestTitle)} · ${displayIssueDate(issue.date)}`);
  return `${lines.join('\n')}\n`;
}
