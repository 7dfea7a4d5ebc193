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
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipDepth++;
        else if (TEXT_BLOCK_ELEMENTS.has(name)) paragraphs.open(name);
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (TEXT_BLOCK_ELEMENTS.has(name)) paragraphs.close(name);
      },
      ontext(text) {
        if (skipDepth === 0) paragraphs.add(text);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return paragraphs.text();
}
