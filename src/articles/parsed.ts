import { createHash } from 'node:crypto';
import type { ArticleMeta } from './meta.js';
import { DANGLING } from './headline.js';
import { endsLikeSentence } from './sentence-end.js';
import { collapseWhitespace } from './whitespace.js';
import { stripXmlIllegal } from '../markup/index.js';
import { lineEndsSentence } from '../summarize/sentences.js';

/** A body as it leaves a format parser. */
export type Body =
  /** Plain text we render ourselves (escaped), so it needs no sanitizing. */
  | { kind: 'paragraphs'; paragraphs: string[] }
  /** Untrusted HTML (rendered Markdown, JSON `content_html`, an HTML page): sanitized later. */
  | { kind: 'html'; html: string; depthChecked?: true };

/** One article parsed from a source file, before ids, dates and slugs are derived. */
export interface ParsedArticle {
  /** State key: the source path, or `path#id` / `path#index` for an element of a JSON array. */
  key: string;
  sourcePath: string;
  meta: ArticleMeta;
  body: Body;
  /** sha256 hex of the normalized source content. */
  contentHash: string;
  /** Used in the default tag: URI: the path, plus `#index` for JSON array elements without an id. */
  idPath: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Plain text → paragraphs. Text with blank lines uses them as separators (hard-wrapped lines
 * inside a block are joined, see {@link wrappedLines}); text without any blank line, like
 * one-paragraph-per-line news dumps, gets a paragraph per line except where a line was wrapped
 * (see {@link unblockedLines}).
 */
export function textToParagraphs(text: string): string[] {
  const trimmed = stripXmlIllegal(text).trim();
  if (trimmed === '') return [];
  const blocks = BLANK_LINE.test(trimmed) ? trimmed.split(BLANK_LINE).flatMap(wrappedLines) : unblockedLines(trimmed);
  return blocks.map((b) => collapseWhitespace(b).trim()).filter((b) => b !== '');
}

const BLANK_LINE = /\n[ \t]*\n/;

/** A word that can open a paragraph: a capital or a digit, after any opening quote or bracket. */
const OPENS_PARAGRAPH = /^["'“‘(\[]?[\p{Lu}\p{N}]/u;

const firstWord = (line: string): string => line.split(/\s/, 1)[0] ?? '';

/**
 * The width a text was wrapped at: its longest line with a space in it. A line with no space (a URL, a long
 * token) was never wrapped and says nothing about the width; text with no spaces at all (Chinese, Japanese)
 * takes its longest line.
 */
function wrapWidth(lines: readonly string[]): number {
  const spaced = lines.filter((line) => /\s/.test(line));
  return Math.max(0, ...(spaced.length > 0 ? spaced : lines).map((line) => line.length));
}

/**
 * Wrapping breaks a line only where the next word would not fit: a line with room left for the next
 * line's first word, against the longest line of the text it is in, was broken by the writer.
 */
const brokenEarly = (line: string, next: string, width: number): boolean =>
  line.length + 1 + firstWord(next).length <= width;

/** A line ending in a function word (`in`, `the`, `to`) goes on in the next: no writer breaks a line there. */
const endsInFunctionWord = (line: string): boolean =>
  DANGLING.has((/(\p{L}+)$/u.exec(line)?.[1] ?? '').toLowerCase());

/** A line starting in lowercase goes on the sentence of a line before it that does not end one (ragged right). */
const STARTS_LOWERCASE = /^["'“‘(\[]?\p{Ll}/u;

/** Han and kana: Chinese and Japanese write no space between words, so a line wrapped between two needs none. */
const CJK_END = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]$/u;
const CJK_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

/** Two wrapped lines as one: a line break (a space once whitespace is collapsed), none between Han or kana. */
const joinWrapped = (line: string, next: string): string =>
  CJK_END.test(line) && CJK_START.test(next) ? `${line}${next}` : `${line}\n${next}`;

/**
 * Text without blank lines: one paragraph per line (news dumps write each paragraph on one line, every
 * line ending a sentence), except that a line that does not end a sentence (`Mr.` before a name does not,
 * see {@link lineEndsSentence}) goes on in the next line when it was wrapped (see {@link brokenEarly}),
 * ends in a full stop that is not a sentence's or in a function word, or the next line starts in lowercase (ragged-right text): a hard-wrapped
 * paragraph. A line that ends early, such as a subhead or a list item, stays a paragraph of its own, and
 * so do the lines of a list after a lead-in ending in `:`, lowercase or not.
 */
function unblockedLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.trim());
  const width = wrapWidth(lines);
  const out: string[] = [];
  let current = lines[0] as string;
  // Whether `current` is an item of a list under a lead-in ending in `:`.
  let inList = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const goesOn =
      current !== '' &&
      !lineEndsSentence(current, line) &&
      (!brokenEarly(current, line, width) ||
        endsLikeSentence(current) ||
        endsInFunctionWord(current) ||
        (!inList && STARTS_LOWERCASE.test(line)));
    if (goesOn) {
      current = joinWrapped(current, line);
    } else {
      out.push(current);
      inList = current.endsWith(':') || (inList && !endsLikeSentence(current));
      current = line;
    }
  }
  out.push(current);
  return out;
}

/** A subhead is much shorter than the text's lines: at most this share of the block's width. */
const SUBHEAD_SHARE = 0.6;

/**
 * A block's lines regrouped into paragraphs. A line well short of the block's longest line (see
 * {@link SUBHEAD_SHARE}), with room for the next line's first word (see {@link brokenEarly}), before a
 * capitalised line, and not ending in a function word, was broken by the writer: a subhead over its
 * paragraph (`Arsenal win 4-2 on penalties`), a dateline, an address. Those breaks are kept; the others are
 * wrapping and joined. Lines at the end of a block that does not end like a sentence, after its last line
 * that does, are not wrapped prose but a list (`first`, `second`, `third` under `Here is the list:`) or an
 * address: one paragraph each.
 */
function wrappedLines(block: string): string[] {
  const lines = block.split('\n').map((line) => line.trim());
  if (lines.length < 2) return [block];
  const width = wrapWidth(lines);
  let listFrom = lines.length;
  while (listFrom > 0 && !endsLikeSentence(lines[listFrom - 1] as string)) listFrom--;
  if (lines.length - listFrom < 2) listFrom = lines.length;
  const out: string[] = [];
  let current = lines[0] as string;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    // A line that ends a sentence is not a subhead: one sentence per line (semantic line breaks) is wrapping
    // by the writer's own rule, and stays one paragraph.
    const subhead =
      current !== '' &&
      !/[,;\-–—]$/.test(current) &&
      !endsLikeSentence(current) &&
      current.length <= SUBHEAD_SHARE * width &&
      !endsInFunctionWord(current) &&
      brokenEarly(current, line, width) &&
      OPENS_PARAGRAPH.test(line);
    if (subhead || i >= listFrom) {
      out.push(current);
      current = line;
    } else current = joinWrapped(current, line);
  }
  out.push(current);
  return out;
}
