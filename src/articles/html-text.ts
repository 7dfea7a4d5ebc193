import { Parser } from 'htmlparser2';
import { collapseWhitespace } from './whitespace.js';
import { stripXmlIllegal } from '../markup/index.js';
import { isPlainHtml, plainHtmlText } from './plain-html.js';
import { TEXT_BLOCK_ELEMENTS } from './text-blocks.js';

/** Elements whose content is never prose; the sanitizer drops their text too. */
export const NON_TEXT_TAGS = [
  'script', 'style', 'textarea', 'option', 'noscript', 'template', 'title', 'head', 'svg', 'math',
  'select', 'iframe', 'object',
];
const SKIP = new Set(NON_TEXT_TAGS);

/**
 * Plain text of an HTML fragment: one paragraph per block element, whitespace collapsed,
 * paragraphs separated by a blank line. Entities are decoded.
 */
export function htmlToText(html: string): string {
  return isPlainHtml(html) ? plainHtmlText(html) : textByParser(html);
}

/** {@link htmlToText} through htmlparser2 whatever the HTML (what the shortcut is checked against). */
export function textByParser(html: string): string {
  const paragraphs: string[] = [];
  let current = '';
  let skipDepth = 0;
  const flush = (): void => {
    // Stripped before collapsing, so a removed control character leaves no double space.
    const text = collapseWhitespace(stripXmlIllegal(current)).trim();
    if (text !== '') paragraphs.push(text);
    current = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipDepth++;
        else if (TEXT_BLOCK_ELEMENTS.has(name)) flush();
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (TEXT_BLOCK_ELEMENTS.has(name)) flush();
      },
      ontext(text) {
        if (skipDepth === 0) current += text;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  flush();
  return paragraphs.join('\n\n');
}
