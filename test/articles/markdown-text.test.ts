import fc from 'fast-check';
import { Lexer, Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/articles/markdown.js';
import { plainInlineText } from '../../src/articles/markdown-text.js';

// marked exactly as configured before the shortcut: what every page must still be byte for byte.
const stock = new Marked({ gfm: true, breaks: false });

const inlinePiece = fc.oneof(
  fc.constantFrom(
    'word', ' ', 'The minister said', '\n', '  \n', '   \n', '*', '**', '_', '__', '`', '``', '~', '~~', '\\', '[', ']', '(', ')', '<', '>', '!', '&', '&amp;',
    '&#39;', '&#x41;', '&#0;', '@', 'a@b.example', ':', 'mailto:x@y.example', 'xmpp:', 'ftp://f.example', 'FTP://', 'http', 'HTTPS://h.example',
    'hTtP', 'www.', ' www.x.example', '(www.', 'awww.', '\t', '\u00a0', '😀', '\ud800',
  ),
  fc.string({ unit: 'grapheme', maxLength: 5 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
);
const inline = fc.array(inlinePiece, { minLength: 1, maxLength: 25 }).map((parts) => parts.join(''));
const block = fc.array(fc.oneof(inline, fc.constantFrom('\n\n', '# ', '- ', '> ', '    ', '```\n', '<div>', '</div>', '<pre>')), { maxLength: 12 }).map((p) => p.join(''));

describe("marked's text rule without its costliest look-aheads", () => {
  it("gives marked's own text token wherever it answers", () => {
    // marked's own tokenizer, reached through its lexer (typed private, but it is how marked wires them).
    const lexer = new Lexer({ gfm: true, breaks: false }) as unknown as { tokenizer: { inlineText(src: string): unknown } };
    const here = { lexer: { state: { inRawBlock: false } } };
    let answered = 0;
    fc.assert(
      fc.property(inline, (src) => {
        const fast = plainInlineText.call(here, src);
        if (fast === false) return;
        answered++;
        expect(fast).toEqual(lexer.tokenizer.inlineText(src));
      }),
      { numRuns: 4000 },
    );
    // Compared only where it answers: it must answer often for the comparison to mean anything.
    expect(answered).toBeGreaterThan(800);
  });

  it('leaves raw HTML blocks and the look-aheads it skips to marked', () => {
    expect(plainInlineText.call({ lexer: { state: { inRawBlock: true } } }, 'text')).toBe(false);
    for (const src of ['a@b', 'see mailto:x', 'xmpp:y', 'FTP://z', 'line  \nbreak', '&#65;']) {
      expect(plainInlineText.call({ lexer: { state: { inRawBlock: false } } }, src), src).toBe(false);
    }
  });

  it("renders any Markdown to marked's own HTML", () => {
    fc.assert(
      fc.property(block, (source) => {
        const html = renderMarkdown(source);
        if (typeof html === 'string') expect(html).toBe(stock.parse(source, { async: false }));
      }),
      { numRuns: 2000 },
    );
  });
});
