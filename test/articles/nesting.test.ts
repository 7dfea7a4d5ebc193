import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/articles/index.js';
import { MAX_ELEMENT_DEPTH, MAX_NESTING } from '../../src/articles/limits.js';
import { htmlDepthOver, markdownDepth } from '../../src/articles/nesting.js';
import { makeContext, source } from './helpers.js';

const nestedList = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');

function rejectedReason(path: string, text: string): string | undefined {
  const r = loadArticles([source(path, text), source('ok.md', 'Fine.')], makeContext());
  // The others are still published.
  expect(r.articles.map((a) => a.sourcePath)).toEqual(['ok.md']);
  return r.rejected.find((e) => e.path === path)?.reason;
}

describe('deep nesting is rejected, never a crash', () => {
  it('a 10,000-level nested Markdown list', () => {
    // Each `- ` opens a list inside the previous item (CommonMark), so one line nests 10,000 deep.
    expect(rejectedReason('list.md', `${'- '.repeat(10_000)}deep`)).toBe(
      `nested too deeply: 10000 levels of lists, quotes or indentation (at most ${MAX_NESTING})`,
    );
    expect(rejectedReason('numbered.md', `${'1. '.repeat(10_000)}deep`)).toMatch(/^nested too deeply: 10000 levels/);
  });

  it('a 1,000-level list written one item per line (took 5 s)', () => {
    expect(rejectedReason('lines.md', nestedList(1000))).toMatch(/^nested too deeply: 1000 levels/);
  });

  it('10,000 quote markers on one line (used to overflow the stack)', () => {
    expect(rejectedReason('quote.md', `${'>'.repeat(10_000)} deep`)).toMatch(/^nested too deeply: 10000 levels/);
  });

  it('a JSON article with deep Markdown content', () => {
    expect(rejectedReason('deep.json', JSON.stringify({ title: 'T', content: nestedList(500) }))).toMatch(/^content: nested too deeply: 500 levels/);
  });

  it('deeply nested HTML elements, closed or not', () => {
    const reason = `nested too deeply: more than ${MAX_ELEMENT_DEPTH} levels of elements`;
    expect(rejectedReason('deep.html', `<body>${'<div>'.repeat(100_000)}x</body>`)).toBe(reason);
    expect(rejectedReason('open.html', `<body>${'<span>'.repeat(100_000)}x`)).toBe(reason);
    const closed = `${'<blockquote>'.repeat(5000)}x${'</blockquote>'.repeat(5000)}`;
    expect(rejectedReason('closed.json', JSON.stringify({ title: 'T', content_html: closed }))).toBe(reason);
  });

  it('accepts nesting up to the limit', () => {
    const r = loadArticles([source('ok.md', nestedList(MAX_NESTING))], makeContext());
    expect(r.rejected).toEqual([]);
    expect(r.articles[0]?.contentHtml).toContain(`level ${MAX_NESTING - 1}`);
  });
});

describe('depth measures', () => {
  it('count quote markers, list markers and indentation of a line', () => {
    expect(markdownDepth('plain\ntext')).toBe(0);
    expect(markdownDepth('> > - item')).toBe(3);
    expect(markdownDepth('  > text')).toBe(2);
    expect(markdownDepth('- a\n  - b\n    - c')).toBe(3);
    // A blank line's indentation nests nothing.
    expect(markdownDepth(`a\n${' '.repeat(1000)}\nb`)).toBe(0);
  });

  it('count element depth, implied closes included', () => {
    expect(htmlDepthOver('<div><p>a</p><p>b</p></div>', 1)).toBe(2);
    expect(htmlDepthOver('<div><p>a</p><p>b</p></div>', 2)).toBeUndefined();
    // <p> cannot contain <p>, and <br> is void: the tokenizer closes each one, so this is depth 1.
    expect(htmlDepthOver('<p>'.repeat(500), 100)).toBeUndefined();
    expect(htmlDepthOver('<br>'.repeat(500), 100)).toBeUndefined();
    expect(htmlDepthOver('<div>'.repeat(500), 100)).toBe(101);
  });
});
