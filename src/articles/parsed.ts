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
 * inside a block are joined); text without any blank line, like one-paragraph-per-line news
 * dumps, gets one paragraph per line.
 */
export function textToParagraphs(text: string): string[] {
  const trimmed = stripXmlIllegal(text).trim();
  if (trimmed === '') return [];
  const blocks = /\n[ \t]*\n/.test(trimmed) ? trimmed.split(/\n[ \t]*\n/) : trimmed.split('\n');
  return blocks.map((b) => collapseWhitespace(b).trim()).filter((b) => b !== '');
}
