import { createParagraphCollector, TEXT_BLOCK_ELEMENTS } from './text-blocks.js';

/**
 * Most news Markdown is paragraphs, headings, lists and emphasis: marked turns it into attribute-free tags
 * and text with its five escapes, and nothing in it is a link, a script or an unknown tag. For that HTML
 * the sanitizer (sanitize-html on htmlparser2) and the text extractor only parse the markup to write the
 * same tags back, or to drop them: ~10% of a cold build's CPU. This module recognizes exactly that HTML
 * and gives, without parsing it, the bytes those two would give; anything else (an attribute, a tag off
 * the list, another entity, nesting the parsers would repair) takes the parsers.
 * `test/articles/plain-html.test.ts` checks both against the parsers on generated Markdown, tag soup and
 * well-formed trees, so the shortcut cannot drift from the libraries.
 */

// Allowed by the sanitizer as they are (`br` and `hr` it writes self-closed). Tags marked emits with
// attributes (`ol start`, code fences with a language, links, images, table cells) never match.
const PLAIN_TAGS = 'p|em|strong|h[1-6]|ul|ol|li|blockquote|pre|code|del|br|hr';
const NOT_PLAIN = new RegExp(`<(?!/?(?:${PLAIN_TAGS})>)|&(?!(?:amp|lt|gt|quot|#39);)`);

// Opening one of these while a `p` is the innermost open element closes the `p` first in htmlparser2
// (HTML's implied end tags), and a `li` closes an open `li`: plain HTML never relies on that.
const CLOSES_P = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'blockquote', 'pre', 'hr']);
const VOID = new Set(['br', 'hr']);
const TAG = /<(\/?)([a-z0-9]+)>/g;

/**
 * Whether `html` is made only of the tags above, properly nested with every one closed, text and
 * marked's escapes (`&amp; &lt; &gt; &quot; &#39;`): HTML the parsers read as written, with no element
 * closed or opened for it (raw HTML in Markdown can leave an `<em>` open, which the sanitizer closes).
 */
export function isPlainHtml(html: string): boolean {
  // The sanitizer and the text extractor ask about the same article's HTML one after the other.
  if (html !== lastAsked) {
    lastAsked = html;
    lastAnswer = plainStructure(html);
  }
  return lastAnswer;
}
let lastAsked: string | undefined;
let lastAnswer = false;

function plainStructure(html: string): boolean {
  if (NOT_PLAIN.test(html)) return false;
  const open: string[] = [];
  for (const [, close, name = ''] of html.matchAll(TAG)) {
    const top = open[open.length - 1];
    if (close) {
      if (VOID.has(name) || top !== name) return false;
      open.pop();
    } else if ((top === 'p' && CLOSES_P.has(name)) || (top === 'li' && name === 'li')) {
      return false;
    } else if (!VOID.has(name)) {
      open.push(name);
    }
  }
  return open.length === 0;
}

// Text is written back as sanitize-html writes decoded text: `&`, `<` and `>` escaped, quotes as they are.
const SANITIZED_PIECE = new RegExp(`</?(?:${PLAIN_TAGS})>|&quot;|&#39;|>`, 'g');
const sanitizedPiece = (piece: string): string => {
  if (piece === '&quot;') return '"';
  if (piece === '&#39;') return "'";
  if (piece === '>') return '&gt;';
  // A tag: `<br>` and `<hr>` come out self-closed (`</br>` never reaches here, see isPlainHtml).
  return VOID.has(piece.slice(1, -1)) ? `${piece.slice(0, -1)} />` : piece;
};

/** What `sanitizeArticleHtml` gives for plain HTML (see {@link isPlainHtml}): no links, so nothing to resolve or drop. */
export function sanitizedPlainHtml(html: string): string {
  return html.replace(SANITIZED_PIECE, sanitizedPiece).trim();
}

const ENTITY = /&(?:amp|lt|gt|quot|#39);/g;
const DECODED: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (text: string): string => (text.includes('&') ? text.replace(ENTITY, (e) => DECODED[e] ?? e) : text);

/** What `htmlToText` gives for plain HTML: one paragraph per block, whitespace collapsed, entities decoded. */
export function plainHtmlText(html: string): string {
  const paragraphs = createParagraphCollector();
  let from = 0;
  for (const match of html.matchAll(TAG)) {
    paragraphs.add(decode(html.slice(from, match.index)));
    from = match.index + match[0].length;
    const name = match[2] ?? '';
    // As the extractor does: a paragraph starts at every block tag, open or close; inline tags just go.
    if (!TEXT_BLOCK_ELEMENTS.has(name)) continue;
    // `br` and `hr` only open (no text is ever inside them, and neither is a non-prose element).
    if (match[1] === '/') paragraphs.close(name);
    else paragraphs.open(name);
  }
  paragraphs.add(decode(html.slice(from)));
  return paragraphs.text();
}
