import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropBlockEdgeSpaces, renderedWhitespace } from '../../src/articles/shown-print.js';

describe('renderedWhitespace', () => {
  it('folds runs of whitespace in text into one space, outside attribute values and preformatted elements', () => {
    const html = '<p title="a  b">x \n y</p>\n<pre><code>a  b\n</code></pre> c\t d<textarea>e\n\nf</textarea>';
    expect(renderedWhitespace(html)).toBe('<p title="a  b">x y</p><pre><code>a  b\n</code></pre> c d<textarea>e\n\nf</textarea>');
  });

  it('keeps inline code and a no-break space as written, and returns clean HTML as it is', () => {
    expect(renderedWhitespace('<p>run <code>a  b</code>\u00a0\u00a0end</p>')).toBe('<p>run <code>a  b</code>\u00a0\u00a0end</p>');
    const clean = '<p>One space only.</p>';
    expect(renderedWhitespace(clean)).toBe(clean);
  });

  it("drops a space at a block's edge, which renders as nothing (an editor's trailing spaces)", () => {
    const plain = '<p>First paragraph. It says things.</p>\n<p>Second.</p>';
    expect(renderedWhitespace('<p>First paragraph. It says things.   </p>\n<p>Second.</p>')).toBe(renderedWhitespace(plain));
    expect(renderedWhitespace('<p> First paragraph. It says things. </p><p>Second.</p>')).toBe(renderedWhitespace(plain));
    expect(renderedWhitespace('<ul>\n<li>one </li>\n</ul>')).toBe(renderedWhitespace('<ul><li>one</li></ul>'));
    // Inside a paragraph a space is still a space.
    expect(renderedWhitespace('<p>a b</p>')).not.toBe(renderedWhitespace('<p>ab</p>'));
  });
});

// The block-edge rule as first written (a look-behind branch that the engine tried at every position):
// the faster form must drop exactly the same spaces.
const BLOCKS = 'p|li|h[1-6]|blockquote|figcaption|td|th|dd|dt|ul|ol|div';
const FIRST_FORM = new RegExp(` (?=<\\/?(?:${BLOCKS})\\b)|(?<=<\\/?(?:${BLOCKS})\\b[^>]*>) `, 'g');

describe('dropBlockEdgeSpaces', () => {
  it('drops the spaces the first form of the rule dropped, for any mix of tags, spaces and text', () => {
    const piece = fc.constantFrom('<p>', '</p>', '<li class="x">', '</li>', '<div>', '</div>', '<h2 id="a b">', '</h2>', '<pre>', '</pre>', '<b>', '</b>', '<pa>', '<p', '>', ' ', '  ', '\n', 'word', 'é', '<br>', '<td>', '</ul>', '<p>>', 'p>');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const html = pieces.join('');
        expect(dropBlockEdgeSpaces(html)).toBe(html.replace(FIRST_FORM, ''));
      }),
      { numRuns: 5000 },
    );
  });
});
