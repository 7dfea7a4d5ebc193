import { escapeHtml, stripXmlIllegal } from '../markup/index.js';
import { decodeSource } from './decode.js';
import { deriveHeadline } from './headline.js';
import { htmlToText } from './html-text.js';
import { InputError } from './input-error.js';
import type { ArticleMeta } from './meta.js';
import { parseHtml } from './parse-html.js';
import { parseJson } from './parse-json.js';
import { parseMarkdown } from './parse-markdown.js';
import { parseTxt } from './parse-txt.js';
import type { ParsedArticle } from './parsed.js';
import { sanitizeArticleHtml } from './sanitize.js';

export interface SourceFile {
  /** Relative to the input root, `/` separators. */
  path: string;
  bytes: Uint8Array;
}

/**
 * Stands for an article's own page file name until its slug is known: links relative to the page (for
 * example `#notes`) are resolved against `articles/<this>` and fixed up once slugs are assigned, so the
 * per-source work (the expensive part) does not wait for every other source.
 */
export const PENDING_PAGE = '__feedwright-pending-slug__.html';

/** One article after the per-source stage: everything that depends only on its own source. Plain data. */
export interface ProcessedArticle {
  key: string;
  sourcePath: string;
  idPath: string;
  meta: ArticleMeta;
  contentHash: string;
  title: string;
  contentText: string;
  /** Sanitized body with absolute links (page-relative ones still pointing at {@link PENDING_PAGE}). */
  contentHtml: string;
  image?: string;
  /** A generated summary, when the caller's summarizer made one. */
  summary?: string;
}

/** A source after the per-source stage; plain data, so it can come back from a worker thread. */
export interface ProcessedSource {
  path: string;
  articles: ProcessedArticle[];
  rejected: { path: string; reason: string }[];
}

export interface ProcessOptions {
  siteUrl: string;
  maxBytes: number;
  /** Makes a summary for an article without a front-matter one; return undefined to skip (e.g. cached). */
  summarize?: (article: ProcessedArticle) => string | undefined;
}

type Format = 'txt' | 'md' | 'json' | 'html';
const FORMATS: Record<string, Format> = { txt: 'txt', md: 'md', markdown: 'md', json: 'json', html: 'html', htm: 'html' };

export function formatOf(path: string): Format | undefined {
  const segments = path.split('/');
  // Hidden files and folders (.DS_Store, .git/…) are never content.
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  const name = segments[segments.length - 1] ?? '';
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? undefined : FORMATS[name.slice(dot + 1).toLowerCase()];
}

function parseSource(format: Format, path: string, text: string): (ParsedArticle | InputError)[] {
  switch (format) {
    case 'txt':
      return [parseTxt(path, text)];
    case 'md':
      return [parseMarkdown(path, text)];
    case 'json':
      return parseJson(path, text);
    case 'html':
      return [parseHtml(path, text)];
  }
}

function renderBody(p: ParsedArticle, baseUrl: string): string {
  if (p.body.kind === 'paragraphs') {
    return p.body.paragraphs.map((para) => `<p>${escapeHtml(para)}</p>`).join('\n');
  }
  // Entities such as `&#1;` decode to illegal characters inside the sanitizer, so strip after it.
  return stripXmlIllegal(sanitizeArticleHtml(p.body.html, baseUrl));
}

function processArticle(p: ParsedArticle, options: ProcessOptions): ProcessedArticle | InputError {
  const { meta } = p;
  // Both producers already drop XML-illegal characters (decodeSource, textToParagraphs, htmlToText).
  const contentText = (p.body.kind === 'paragraphs' ? p.body.paragraphs.join('\n\n') : htmlToText(p.body.html)).trim();
  if (contentText === '') return new InputError(p.key, 'empty body (no text after trimming)');
  const title = stripXmlIllegal(meta.title ?? deriveHeadline(contentText)).trim();
  if (title === '') return new InputError(p.key, 'no title, and none could be derived from the body');
  const baseUrl = meta.url ?? `${options.siteUrl}articles/${PENDING_PAGE}`;
  let contentHtml: string;
  let image: string | undefined;
  try {
    contentHtml = renderBody(p, baseUrl);
    image = meta.image === undefined ? undefined : new URL(meta.image, baseUrl).href;
  } catch (cause) {
    return new InputError(p.key, `could not be rendered: ${String(cause)}`, { cause });
  }
  const article: ProcessedArticle = {
    key: p.key,
    sourcePath: p.sourcePath,
    idPath: p.idPath,
    meta,
    contentHash: p.contentHash,
    title,
    contentText,
    contentHtml,
    ...(image !== undefined ? { image } : {}),
  };
  const summary = meta.summary === undefined ? options.summarize?.(article) : undefined;
  return summary === undefined ? article : { ...article, summary };
}

/**
 * The per-source stage: decode, parse the format, render and sanitize the body, extract text and
 * (optionally) summarize. Depends on nothing but the source and `options`, so sources can be processed
 * in any order or in parallel. Never throws for a bad file: it lands in `rejected` with its path.
 */
export function processSource(source: SourceFile, options: ProcessOptions): ProcessedSource {
  const result: ProcessedSource = { path: source.path, articles: [], rejected: [] };
  const reject = (e: InputError) => result.rejected.push({ path: e.path, reason: e.reason });
  const format = formatOf(source.path);
  if (format === undefined) return result;
  const text = decodeSource(source.path, source.bytes, options.maxBytes);
  if (text instanceof InputError) {
    reject(text);
    return result;
  }
  let parsedAll: (ParsedArticle | InputError)[];
  try {
    parsedAll = parseSource(format, source.path, text);
  } catch (cause) {
    // A parser bug or pathological input must cost one file, not the run; it is still reported.
    reject(new InputError(source.path, `could not be parsed: ${String(cause)}`, { cause }));
    return result;
  }
  for (const parsed of parsedAll) {
    if (parsed instanceof InputError) {
      reject(parsed);
      continue;
    }
    // Drafts are neither published nor remembered; they are not errors either.
    if (parsed.meta.draft) continue;
    const article = processArticle(parsed, options);
    if (article instanceof InputError) reject(article);
    else result.articles.push(article);
  }
  return result;
}
