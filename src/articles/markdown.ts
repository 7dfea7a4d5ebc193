import { Marked } from 'marked';
import { MAX_NESTING } from './limits.js';
import { markdownDepth } from './nesting.js';
import { plainInlineText } from './markdown-text.js';
import { FOOTNOTE_EXTENSIONS } from './markdown-footnotes.js';

/**
 * marked lexes a paragraph's inline text position by position, and several of its rules scan ahead from
 * each position (an e-mail address's local part, an unclosed `[`, `<`, or backtick), so a paragraph built
 * to defeat them costs the square of its length: `a` x 50,000 then `@` took 2.8 s, a 1.8 MB paragraph of
 * `<http://a` 81 s, and a 5 MB article (the size limit) would hold a run for hours. Every position that
 * such a scan starts from ends in the text rule, which is handed the rest of the paragraph: the sum of
 * those lengths bounds the scanning, is the same on every machine, and costs one addition per call.
 * News stays far below the budget: at most 97,000 over 3,362 BBC, CNN/DailyMail and fixture articles
 * (~1-6 per byte), against 5,000,000 plus 500 per character here; a refused article costs at most a few
 * seconds (~2.4 ns per unit in the worst case measured).
 */
const WORK_FLOOR = 5_000_000;
const WORK_PER_CHAR = 500;
/**
 * The same calls, counted: one per piece of inline text, so at least one per paragraph, list item,
 * heading and table cell. marked keeps ~1 KB of tokens and markup per piece until the page is made: a
 * 4.8 MB list of 1,200,000 one-letter items peaked at 1.57 GB (a 1 GB function would have died with the
 * whole run). News makes a piece every 50-100 characters, markup-dense text every ~10.
 */
const PIECES_FLOOR = 20_000;
const CHARS_PER_PIECE = 16;

class MarkdownTooCostly extends Error {}

const TOO_COSTLY =
  'Markdown too costly to parse: too many lines, list items or table cells for its size, or a paragraph of very many ' +
  'short pieces (long runs without spaces, unclosed [, < or `, an @ after a long word); split the article or simplify its markup';

function countBlockStarts(source: string): number {
  let count = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x0a || c === 0x7c) count++;
  }
  return count;
}

let workLeft = Number.POSITIVE_INFINITY;
let piecesLeft = Number.POSITIVE_INFINITY;

// One configured instance for the whole run; the global `marked` object is mutable shared state.
const md = new Marked({ gfm: true, breaks: false });
md.use({
  extensions: FOOTNOTE_EXTENSIONS,
  tokenizer: {
    inlineText(this: ThisParameterType<typeof plainInlineText>, src: string) {
      workLeft -= src.length;
      piecesLeft--;
      if (workLeft < 0 || piecesLeft < 0) throw new MarkdownTooCostly();
      // The common case of marked's text rule without its costliest look-aheads (see markdown-text.ts).
      return plainInlineText.call(this, src);
    },
  },
});

/**
 * Markdown → HTML (unsanitized: raw HTML in Markdown passes through to the sanitizer), or the reason it
 * is refused: nesting deeper than {@link MAX_NESTING} (marked's time grows steeply with depth), or inline
 * text that would cost marked more than its budget (above).
 */
export function renderMarkdown(source: string): string | { refused: string } {
  const depth = markdownDepth(source);
  if (depth > MAX_NESTING) {
    return { refused: `nested too deeply: ${depth} levels of lists, quotes or indentation (at most ${MAX_NESTING})` };
  }
  piecesLeft = PIECES_FLOOR + source.length / CHARS_PER_PIECE;
  // Lines and table cell bars, before marked makes a block token of each (its inline pieces are counted
  // only after every block is made, too late for a list of a million items).
  if (countBlockStarts(source) > piecesLeft) return { refused: TOO_COSTLY };
  workLeft = WORK_FLOOR + WORK_PER_CHAR * source.length;
  try {
    return md.parse(source, { async: false });
  } catch (error) {
    if (!(error instanceof MarkdownTooCostly)) throw error;
    return { refused: TOO_COSTLY };
  } finally {
    workLeft = Number.POSITIVE_INFINITY;
    piecesLeft = Number.POSITIVE_INFINITY;
  }
}
