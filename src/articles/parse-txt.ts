import { sha256, textToParagraphs, type ParsedArticle } from './parsed.js';
import { classOf, CLOSERS, endsLikeSentence } from './sentence-end.js';
import { isBylineBlock } from '../summarize/boilerplate.js';

const MAX_TITLE_LINE = 150;
// A line ending like a sentence (in any script, see endsLikeSentence) or a clause is prose, not a title;
// closing quotes/brackets are looked through.
const ENDS_LIKE_CLAUSE = new RegExp(`[;,][${classOf(CLOSERS)}]*$`, 'u');
const endsLikeProse = (line: string): boolean => endsLikeSentence(line) || ENDS_LIKE_CLAUSE.test(line);

/** A `.txt` article's title line (when it has one) and its paragraphs. */
export interface TxtText {
  readonly title?: string;
  readonly paragraphs: string[];
}

/**
 * `.txt`: a first line that is short, does not end like a sentence and is followed by a blank
 * line is the title (the BBC-news layout); otherwise the title is derived later. A byline first
 * (`By Jane Smith`, `By JANE SMITH, Reuters`) is never the title: it stays in the text, and the line
 * after it is taken or not by the same rule. Shared by the build and `feedwright summarize`, so both
 * read the same text.
 */
export function readTxt(text: string): TxtText {
  const lines = text.replace(/^\s*\n/, '').split('\n');
  let at = 0;
  while (at < lines.length && isBylineBlock(lines[at] as string)) {
    at++;
    while (at < lines.length && (lines[at] as string).trim() === '') at++;
  }
  const first = (lines[at] ?? '').trim();
  const rest = lines.slice(at + 2).join('\n');
  if (
    first !== '' &&
    first.length <= MAX_TITLE_LINE &&
    !endsLikeProse(first) &&
    (lines[at + 1] ?? '').trim() === '' &&
    rest.trim() !== ''
  ) {
    // The byline keeps a paragraph of its own: without the title line between them it would read as wrapped.
    const byline = lines.slice(0, at).join('\n').trim();
    return { title: first.replace(/\s+/g, ' '), paragraphs: textToParagraphs(byline === '' ? rest : `${byline}\n\n${rest}`) };
  }
  return { paragraphs: textToParagraphs(lines.join('\n')) };
}

/** A `.txt` source as an article (see {@link readTxt}). */
export function parseTxt(path: string, text: string): ParsedArticle {
  const { title, paragraphs } = readTxt(text);
  return {
    key: path,
    sourcePath: path,
    idPath: path,
    meta: { categories: [], draft: false, ...(title !== undefined ? { title } : {}) },
    body: { kind: 'paragraphs', paragraphs },
    contentHash: sha256(text.trim()),
  };
}
