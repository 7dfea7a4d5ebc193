import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/articles/index.js';
import { renderMarkdown } from '../../src/articles/markdown.js';
import { makeContext, source } from './helpers.js';

// Markdown whose inline text marked lexes position by position with a scan ahead from each, or that
// makes a token of every few characters, is refused by a budget counted in marked's own calls: the
// article is rejected with a reason and the others are published. (Without the budget, the first of
// these took 2.8 s at 50,000 characters and grows with the square of the length; a 4.8 MB list of
// one-letter items peaked at 1.57 GB.) No time is asserted: the budget is a count, the same on every machine.
const costly: Record<string, string> = {
  'an @ after a long word': `${'a'.repeat(20_000)}@`,
  'long runs broken by underscores': '_a'.repeat(20_000),
  'unclosed autolinks': '<http://a'.repeat(5_000),
  'unclosed links': '[a](b '.repeat(8_000),
  'brackets': `${'['.repeat(20_000)}a${']'.repeat(20_000)}`,
  'unclosed tags': '<a '.repeat(15_000),
  'unclosed code spans': '`a'.repeat(20_000),
  'a list of one-letter items': '- a\n'.repeat(100_000),
  'a table of one-letter cells': `${'|a'.repeat(60_000)}\n${'|-'.repeat(60_000)}\n`,
  'one-letter paragraphs': 'a\n\n'.repeat(100_000),
};

describe('Markdown too costly to parse is refused, never a stalled run', () => {
  for (const [name, body] of Object.entries(costly)) {
    it(name, () => {
      const r = loadArticles([source('costly.md', `---\ntitle: T\n---\n\n${body}\n`), source('ok.md', 'Fine. Published.')], makeContext());
      expect(r.articles.map((a) => a.sourcePath)).toEqual(['ok.md']);
      expect(r.rejected.find((e) => e.path === 'costly.md')?.reason).toMatch(/^Markdown too costly to parse: /);
      // A JSON article's Markdown content goes through the same parser.
      const json = loadArticles([source('costly.json', JSON.stringify({ title: 'T', content: body }))], makeContext());
      expect(json.rejected[0]?.reason).toMatch(/^content: Markdown too costly to parse: /);
    });
  }

  // The budget must leave real writing alone, however long or marked up.
  it('publishes long and markup-dense articles: 1 MB of news, 300 links in one paragraph, a 2,000-item list, a 1,000-cell table', () => {
    const seeds = path.resolve(import.meta.dirname, '../../seeds');
    const news = readdirSync(seeds)
      .filter((f) => f.endsWith('.md'))
      .map((f) => readFileSync(path.join(seeds, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''))
      .join('\n\n');
    const long = Array.from({ length: Math.ceil(1_000_000 / news.length) }, () => news).join('\n\n');
    expect(long.length).toBeGreaterThan(1_000_000);
    const links = Array.from({ length: 300 }, (_, i) => `[*word ${i}*](https://x.example/${i}) and \`code\`,`).join(' ');
    const list = Array.from({ length: 2000 }, (_, i) => `- item **${i}** with [a link](https://x.example/${i})`).join('\n');
    const table = `| a | b | c | d | e |\n|---|---|---|---|---|\n${Array.from({ length: 200 }, (_, i) => `| ${i} | *b* | c | d | e |`).join('\n')}`;
    for (const [name, body] of Object.entries({ long, links, list, table })) {
      expect(typeof renderMarkdown(body), name).toBe('string');
    }
    expect(renderMarkdown(table)).toContain('<table>');
  });
});
