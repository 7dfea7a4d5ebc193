import { createHash } from 'node:crypto';
import type { ArticleMeta } from './meta.js';
import { collapseWhitespace } from './whitespace.js';
import { stripXmlIllegal } from '../markup/index.js';

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
 * one-paragraph-per-line news dumps, gets one paragraph per line.
 */
export function textToParagraphs(text: string): string[] {
  const trimmed = stripXmlIllegal(text).trim();
  if (trimmed === '') return [];
  const blocks = /\n[ \t]*\n/.test(trimmed) ? trimmed.split(/\n[ \t]*\n/).flatMap(wrappedLines) : trimmed.split('\n');
  return blocks.map((b) => collapseWhitespace(b).trim()).filter((b) => b !== '');
}

/** A word that can open a paragraph: a capital or a digit, after any opening quote or bracket. */
const OPENS_PARAGRAPH = /^["'“‘(\[]?[\p{Lu}\p{N}]/u;

/**
 * A block's lines regrouped into paragraphs. Wrapping breaks a line only where the next word would not
 * fit, so a line that ends early, before the next line's capitalised first word would have reached the
 * block's longest line, was broken by the writer: a subhead over its paragraph (`Arsenal win 4-2 on
 * penalties`), a dateline, an address. Those breaks are kept; the others are wrapping and joined.
 */
function wrappedLines(block: string): string[] {
  const lines = block.split('\n').map((line) => line.trim());
  if (lines.length < 2) return [block];
  const width = Math.max(...lines.map((line) => line.length));
  const out: string[] = [];
  let current = lines[0] as string;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const firstWord = line.split(/\s/, 1)[0] ?? '';
    // A line that ends a sentence is not a subhead: one sentence per line (semantic line breaks) is wrapping
    // by the writer's own rule, and stays one paragraph.
    const brokenEarly = current !== '' && !/[,;\-–—]$/.test(current) && !/[.!?…:。！？]["”'’)\]]*$/.test(current) && current.length + 1 + firstWord.length <= width;
    if (brokenEarly && OPENS_PARAGRAPH.test(line)) {
      out.push(current);
      current = line;
    } else current = `${current}\n${line}`;
  }
  out.push(current);
  return out;
}
