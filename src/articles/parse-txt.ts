import { sha256, textToParagraphs, type ParsedArticle } from './parsed.js';

const MAX_TITLE_LINE = 150;
// A line ending like a sentence is prose, not a title; closing quotes/brackets are looked through.
const ENDS_LIKE_PROSE = /[.!?:;,…]["'”’)\]]*$/u;

/** A `.txt` article's title line (when it has one) and its paragraphs. */
export interface TxtText {
  readonly title?: string;
  readonly paragraphs: string[];
}

/**
 * `.txt`: a first line that is short, does not end like a sentence and is followed by a blank
 * line is the title (the BBC-news layout); otherwise the title is derived later. Shared by the build
 * and `feedwright summarize`, so both read the same text.
 */
export function readTxt(text: string): TxtText {
  const lines = text.replace(/^\s*\n/, '').split('\n');
  const first = (lines[0] ?? '').trim();
  const rest = lines.slice(2).join('\n');
  if (
    first !== '' &&
    first.length <= MAX_TITLE_LINE &&
    !ENDS_LIKE_PROSE.test(first) &&
    (lines[1] ?? '').trim() === '' &&
    rest.trim() !== ''
  ) {
    return { title: first.replace(/\s+/g, ' '), paragraphs: textToParagraphs(rest) };
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
