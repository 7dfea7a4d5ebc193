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
 * A footnote or reference marker: a `<sup>` of digits, brackets, asterisks or daggers (`1`, `[2]`, `3,4`,
 * `*`, `†`). Its text would be glued to the word it follows (`budget1`), so the plain text leaves it out;
 * the page keeps it. An exponent written the same way (`m<sup>2</sup>`) is left out too.
 */
const FOOTNOTE_MARK = /^[\s\d[\](),*†‡–-]*$/u;

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
  // A paragraph break inside a `<sup>` (tag soup): its text so far goes first, so nothing changes order.
  const releaseSup = (): void => {
    paragraphs.add(supText);
    supText = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'sup') supDepth++;
        if (SKIP.has(name)) skipDepth++;
        else if (TEXT_BLOCK_ELEMENTS.has(name)) {
          releaseSup();
          paragraphs.open(name);
        }
      },
      onclosetag(name) {
        if (name === 'sup' && supDepth > 0 && --supDepth === 0) {
          if (!FOOTNOTE_MARK.test(supText)) paragraphs.add(supText);
          supText = '';
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
