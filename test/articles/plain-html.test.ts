import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/articles/markdown.js';
import { isPlainHtml, plainHtmlText, sanitizedPlainHtml } from '../../src/articles/plain-html.js';
import { sanitizeByParser, sanitizeArticleHtml } from '../../src/articles/sanitize.js';
import { htmlToText, textByParser } from '../../src/articles/html-text.js';

// The shortcut for plain Markdown HTML must give the parsers' bytes exactly; these tests compare the two
// on Markdown and on HTML generated to hit what the shortcut must refuse (nesting the parsers repair,
// attributes, other entities, raw `<`, `>` and `&`, control characters, any Unicode).
const BASE = 'https://feedwright.example/articles/page.html';

const markdownPiece = fc.oneof(
  fc.constantFrom(
    'word', ' ', 'The minister said', '\n', '\n\n', '# ', '## ', '- ', '* ', '1. ', '3. ', '> ', '    ', '```\n', '```ts\n',
    '*', '**', '_', '`', '~~', '&', '&amp;', '&copy;', '&#39;', '"', "'", '<', '>', '<em>', '</em>', '<p>', '</p>',
    '<ul>', '<li>', '</li>', '<br>', '  \n', '---\n', '***', '\\*', '[link](http://x.example/)', '![i](a.png)',
    'www.example.com', 'mail@example.com', '| a | b |\n|---|---|\n', '\u0000', '\r', '\t', '\u00a0', '\u2028', '\uffff', 'é', '😀',
  ),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
);
const markdown = fc.array(markdownPiece, { maxLength: 40 }).map((parts) => parts.join(''));

const htmlPiece = fc.oneof(
  fc.constantFrom(
    '<p>', '</p>', '<h2>', '</h2>', '<em>', '</em>', '<strong>', '</strong>', '<ul>', '</ul>', '<ol>', '</ol>', '<li>', '</li>',
    '<blockquote>', '</blockquote>', '<pre>', '</pre>', '<code>', '</code>', '<del>', '</del>', '<br>', '</br>', '<hr>', '</hr>',
    '<b>', '<span>', '<a href="x">', '</a>', '<p class="x">', '&amp;', '&lt;', '&gt;', '&quot;', '&#39;', '&nbsp;', '&', '>', '"', "'",
    '\n', ' ', '  ', 'text', '\u0000', '\u0001', '\r\n', '\u00a0',
  ),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const htmlish = fc.array(htmlPiece, { maxLength: 30 }).map((parts) => parts.join(''));

// Well-formed trees of the plain tags, any tag inside any other: what only the nesting rules tell apart.
const PLAIN_TAGS = ['p', 'h1', 'h3', 'em', 'strong', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'del'];
const { tree } = fc.letrec<{ tree: string; node: string }>((tie) => ({
  tree: fc.array(tie('node'), { maxLength: 4 }).map((nodes) => nodes.join('')),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('text', ' ', '\n', '&amp;', '&#39;', '>', '<br>', '<hr>'),
    fc.tuple(fc.constantFrom(...PLAIN_TAGS), tie('tree')).map(([tag, inner]) => `<${tag}>${inner}</${tag}>`),
  ),
}));

function sameAsParsers(html: string): void {
  if (!isPlainHtml(html)) return;
  expect(sanitizedPlainHtml(html)).toBe(sanitizeByParser(html, BASE));
  expect(plainHtmlText(html)).toBe(textByParser(html));
}

/**
 * Every generated HTML the shortcut takes must give the parsers' bytes; and it must take at least 300 of
 * them, or the comparison would prove nothing.
 */
function checkAgainstParsers(html: fc.Arbitrary<string | undefined>, numRuns: number): void {
  let plain = 0;
  fc.assert(
    fc.property(html, (generated) => {
      if (generated === undefined) return;
      if (isPlainHtml(generated)) plain++;
      sameAsParsers(generated);
    }),
    { numRuns },
  );
  expect(plain).toBeGreaterThan(300);
}

describe('plain Markdown HTML without the parsers', () => {
  it('gives the sanitizer and the text extractor their own bytes for any Markdown', () => {
    // Markdown nested too deeply is refused before rendering: nothing to compare.
    checkAgainstParsers(markdown.map((source) => {
      const html = renderMarkdown(source);
      return typeof html === 'string' ? html : undefined;
    }), 1500);
  });

  it('gives their bytes for any mix of tags, escapes and text, and refuses what they would repair', () => {
    checkAgainstParsers(htmlish, 3000);
  });

  it('gives their bytes for any nesting of the plain tags', () => {
    checkAgainstParsers(tree, 3000);
  });

  it('takes the shortcut for a news story in Markdown', () => {
    const html = renderMarkdown('# Rates\n\nThe bank said "rates will rise" & it\'s *likely* > 2%.\n\n- one\n- **two**\n\nA line  \nbreak.\n');
    expect(typeof html).toBe('string');
    expect(isPlainHtml(html as string)).toBe(true);
    expect(sanitizeArticleHtml(html as string, BASE)).toBe(
      '<h1>Rates</h1>\n<p>The bank said "rates will rise" &amp; it\'s <em>likely</em> &gt; 2%.</p>\n<ul>\n<li>one</li>\n<li><strong>two</strong></li>\n</ul>\n<p>A line<br />break.</p>',
    );
    // The heading is not prose: left out of the text summaries are made from. A `<br>` inside a sentence is a space.
    expect(htmlToText(html as string)).toBe('The bank said "rates will rise" & it\'s likely > 2%.\n\none\n\ntwo\n\nA line break.');
  });

  it('leaves to the parsers what they change: an unclosed tag, a block inside a paragraph, a link, another entity', () => {
    for (const html of ['<p><em>open</p>', '<p>a<ul><li>b</li></ul></p>', '<li>a<li>b</li></li>', '<p>a</p></em>', '<p><a href="x">l</a></p>', '<p>&nbsp;</p>', '<p>a</br></p>']) {
      expect(isPlainHtml(html), html).toBe(false);
    }
  });
});
