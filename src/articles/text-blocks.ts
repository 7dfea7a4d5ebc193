import { endsLikeSentence } from './sentence-end.js';
import { collapseWhitespace } from './whitespace.js';
import { stripXmlIllegal } from '../markup/index.js';

/**
 * Elements that start a new paragraph of an article's plain text (at their start and their end): one list
 * for the text extractor and its shortcut for plain Markdown HTML, so the two cannot split text apart.
 */
export const TEXT_BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol',
  'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
  'caption', 'body', 'br',
]);

/**
 * Block elements whose text is not prose: headings, code and tables, figures with their captions (a photo
 * caption is not the story, as an image's alt text is not) and asides (sidebars, footnotes). The plain text
 * is what summaries and derived headlines are made of, and a heading glued to the next sentence, a shell
 * command, a row of table cells or `The former mayor leaves the courthouse.` is not a sentence of the
 * article. Their text is left out, unless the article has no other text (a page that is only a table or a
 * code sample still has a body).
 */
export const NON_PROSE_ELEMENTS: ReadonlySet<string> = new Set([
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'table', 'figure', 'figcaption', 'aside',
]);

/** Collects an article's plain text paragraph by paragraph, for the extractor and its plain-HTML shortcut alike. */
export interface ParagraphCollector {
  /** Text inside the current paragraph. */
  add(text: string): void;
  /**
   * A block element opens or closes: `name` is its tag; the current paragraph ends. A `<br>` ends it only
   * after text that ends like a sentence, or when it is the second in a row: inside a sentence it is a
   * line break of the layout (`plan<br>would fund`), read as a space.
   */
  open(name: string): void;
  close(name: string): void;
  /** Prose paragraphs separated by a blank line, or every paragraph when there is no prose. */
  text(): string;
}

export function createParagraphCollector(): ParagraphCollector {
  const prose: string[] = [];
  const all: string[] = [];
  let current = '';
  let nonProseDepth = 0;
  // A `<br>` read as a space and followed by no text yet: a second one ends the paragraph.
  let openBreak = false;
  const flush = (): void => {
    // Stripped before collapsing, so a removed control character leaves no double space.
    const text = collapseWhitespace(stripXmlIllegal(current)).trim();
    current = '';
    openBreak = false;
    if (text === '') return;
    all.push(text);
    if (nonProseDepth === 0) prose.push(text);
  };
  return {
    add(text) {
      current += text;
      if (openBreak && text.trim() !== '') openBreak = false;
    },
    open(name) {
      if (name === 'br' && !openBreak && !endsLikeSentence(current) && current.trim() !== '') {
        current += ' ';
        openBreak = true;
        return;
      }
      flush();
      if (NON_PROSE_ELEMENTS.has(name)) nonProseDepth++;
    },
    close(name) {
      // htmlparser2 closes a void `<br>` as soon as it opens it: what it means was decided at the opening.
      if (name === 'br') return;
      flush();
      if (NON_PROSE_ELEMENTS.has(name)) nonProseDepth = Math.max(0, nonProseDepth - 1);
    },
    text() {
      flush();
      return (prose.length > 0 ? prose : all).join('\n\n');
    },
  };
}
