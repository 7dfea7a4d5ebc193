import { Parser } from 'htmlparser2';
import { isPlainHtml, plainHtmlText } from './plain-html.js';
import { createParagraphCollector, TEXT_BLOCK_ELEMENTS } from './text-blocks.js';

/** Elements whose content is never prose; the sanitizer drops their text too. */
export const NON_TEXT_TAGS = [
  'script', 'style', 'textarea', 'option', 'noscript', 'template', 'title', 'head', 'svg', 'math',
  'select', 'iframe', 'object',
];
const SKIP = new Set(NON_TEXT_TAGS);

/**
 * A footnote or reference marker's text: brackets (`[2]`, `(3)`), an asterisk or a dagger, or a list of
 * numbers (`3,4`, `1–3`). Such a `<sup>` (or one holding a link) would be glued to the word it follows
 * (`budget[1]`), so the plain text leaves it out; the page keeps it. Any other `<sup>` (digits, letters:
 * an exponent, `2<sup>10</sup>`, `mc<sup>2</sup>`) is part of what the text says and stays, written
 * `2^10`: left out, it would turn the number into another.
 */
const FOOTNOTE_MARK = /[[\]()*†‡]|^\s*\d+(?:\s*[,–-]\s*\d+)+\s*$/u;

/** `1<sup>st</sup>`: an ordinal's ending, read as part of the word (`1st`), not as an exponent. */
const ORDINAL_SUFFIX = /^(?:st|nd|rd|th)$/u;

/**
 * Plain text of an HTML fragment: one paragraph per block element, whitespace collapsed,
 * paragraphs separated by a blank line, entities decoded. Headings, code blocks and tables are left
 * out unless nothing else has text (`NON_PROSE_ELEMENTS`).
 */
export function htmlToText(html: string): string {
  return isPlainHtml(html) ? plainHtmlText(html) : textByParser(html);
}

/** {@link htmlToText} through htmlparser2 whatever the HTML (what the shortcut is checked against). */
export function textByParser(html: string): string {
  const paragraphs = createParagraphCollector();
  let skipDepth = 0;
  // Text inside the outermost open `<sup>`, kept back until it closes (see FOOTNOTE_MARK).
  let supDepth = 0;
  let supText = '';
  // Whether the open `<sup>` holds a link: a reference marker whatever its text.
  let supLink = false;
  // A paragraph break inside a `<sup>` (tag soup): its text so far goes first, so nothing changes order.
  const releaseSup = (): void => {
    paragraphs.add(supText);
    supText = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'sup') supDepth++;
        if (name === 'a' && supDepth > 0) supLink = true;
        if (SKIP.has(name)) skipDepth++;
        else if (TEXT_BLOCK_ELEMENTS.has(name)) {
          releaseSup();
          paragraphs.open(name);
        }
      },
      onclosetag(name) {
        if (name === 'sup' && supDepth > 0 && --supDepth === 0) {
          const exponent = supText.trim();
          if (!supLink && exponent !== '' && !FOOTNOTE_MARK.test(exponent)) {
            paragraphs.add(ORDINAL_SUFFIX.test(exponent) ? exponent : `^${exponent}`);
          }
          supText = '';
          supLink = false;
        }
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (TEXT_BLOCK_ELEMENTS.has(name)) {
          releaseSup();
          paragraphs.close(name);
        }
      },
      ontext(text) {
        if (skipDepth > 0) return;
        if (supDepth > 0) supText += text;
        else paragraphs.add(text);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return paragraphs.text();
}
