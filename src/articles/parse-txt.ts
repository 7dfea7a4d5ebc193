import { sha256, textToParagraphs, type ParsedArticle } from './parsed.js';

const MAX_TITLE_LINE = 150;
// A line ending like a sentence is prose, not a title; closing quotes/brackets are looked through.
const ENDS_LIKE_PROSE = /[.!?:;,…]["'”’)\]]*$/u;

/**
 * `.txt`: a first line that is short, does not end like a sentence and is followed by a blank
 * line is the title (the BBC-news layout); otherwise the title is derived later.
 */
export function parseTxt(path: string, text: string): ParsedArticle {
  const lines = text.replace(/^\s*\n/, '').split('\n');
  const first = (lines[0] ?? '').trim();
  let title: string | undefined;
  let body = lines.join('\n');
  const rest = lines.slice(2).join('\n');
  if (
    first !== '' &&
    first.length <= MAX_TITLE_LINE &&
    !ENDS_LIKE_PROSE.test(first) &&
    (lines[1] ?? '').trim() === '' &&
    rest.trim() !== ''
  ) {
    title = first.replace(/\s+/g, ' ');
    body = rest;
  }
  return {
    key: path,
    sourcePath: path,
    idPath: path,
    meta: { categories: [], draft: false, ...(title !== undefined ? { title } : {}) },
    body: { kind: 'paragraphs', paragraphs: textToParagraphs(body) },
    contentHash: sha256(text.trim()),
  };
}
