import { escapeHtml, stripXmlIllegal } from '../markup/index.js';
import { pendingPageUrl } from './pending-page.js';
import { decodeSource } from './decode.js';
import { type Format, formatOf } from './source-format.js';
import { deriveHeadline } from './headline.js';
import { htmlToText } from './html-text.js';
import { InputError } from './input-error.js';
import { droppedWarning, HTTP_ONLY, type ArticleMeta, type EnclosureMeta } from './meta.js';
// A leaf module (no imports): the one table of media types by extension.
import { mediaTypeOf } from '../feeds/media-type.js';
import { capText, MAX_CATEGORIES_PER_ARTICLE, MAX_CATEGORY, MAX_ELEMENT_DEPTH, MAX_SUMMARY, MAX_TITLE } from './limits.js';
import { htmlDepthOver } from './nesting.js';
import { describeDropped, safeHttpUrl } from '../links/index.js';
import { parseHtml } from './parse-html.js';
import { parseJson } from './parse-json.js';
import { parseMarkdown } from './parse-markdown.js';
import { parseTxt } from './parse-txt.js';
import type { ParsedArticle } from './parsed.js';
import { sanitizeArticleHtml, type DroppedLink } from './sanitize.js';
import { shownPrints } from './shown-print.js';

export interface SourceFile {
  /** Relative to the input root, `/` separators. */
  path: string;
  bytes: Uint8Array;
}

/** One article after the per-source stage: everything that depends only on its own source. Plain data. */
export interface ProcessedArticle {
  key: string;
  sourcePath: string;
  idPath: string;
  meta: ArticleMeta;
  contentHash: string;
  /** See `shownPrints`: unchanged while the article's item shows the same. */
  print: string;
  /** See `shownPrints`: what records written before whitespace was folded hold for the same article. */
  printAsWritten?: string;
  title: string;
  contentText: string;
  /** Sanitized body with absolute links (page-relative ones still pointing at the placeholder page, see pending-page.ts). */
  contentHtml: string;
  /**
   * Set when a large run dropped `contentHtml` once processed (it is read again when the article's page
   * is rendered): the HTML's attribute values that may name a local file, raw (see `siteReferences`).
   */
  contentRefs?: string[];
  image?: string;
  enclosure?: { url: string; type: string; length: number; duration?: number };
  /** A generated summary, when the caller's summarizer made one. */
  summary?: string;
  /** Values dropped because they could not be published safely, each naming its field. */
  warnings: string[];
}

/** Something dropped from an article that was still published: `path` is the article key. */
export interface ArticleWarning {
  path: string;
  reason: string;
}

/** A source after the per-source stage; plain data, so it can come back from a worker thread. */
export interface ProcessedSource {
  path: string;
  articles: ProcessedArticle[];
  rejected: { path: string; reason: string }[];
  /** Warnings of the articles in `articles` (also kept on each article). */
  warnings: ArticleWarning[];
  /** Keys of the drafts skipped (counted in the run report, never published or remembered). */
  drafts: string[];
}

export interface ProcessOptions {
  siteUrl: string;
  maxBytes: number;
  /** Makes a summary for an article without a front-matter one; return undefined to skip (e.g. cached). */
  summarize?: (article: ProcessedArticle) => string | undefined;
}

export { formatOf };

const TOO_DEEP_HTML = `nested too deeply: more than ${MAX_ELEMENT_DEPTH} levels of elements`;

function parseSource(format: Format, path: string, text: string): (ParsedArticle | InputError)[] {
  switch (format) {
    case 'txt':
      return [parseTxt(path, text)];
    case 'md':
      return [parseMarkdown(path, text)];
    case 'json':
      return parseJson(path, text);
    case 'html':
      // Checked before the page is read: the HTML reader's cost grows with nesting depth too.
      return [htmlDepthOver(text, MAX_ELEMENT_DEPTH) === undefined ? parseHtml(path, text) : new InputError(path, TOO_DEEP_HTML)];
  }
}

/** Content links reported one by one up to this many; the rest are counted. */
const MAX_LINK_WARNINGS = 5;
const CONTENT_LINKS = 'only http(s) and mailto links are published';

function renderBody(p: ParsedArticle, baseUrl: string, warnings: string[]): string {
  if (p.body.kind === 'paragraphs') {
    return p.body.paragraphs.map((para) => `<p>${escapeHtml(para)}</p>`).join('\n');
  }
  let dropped = 0;
  const onDrop = (d: DroppedLink) => {
    dropped++;
    if (dropped <= MAX_LINK_WARNINGS) {
      warnings.push(droppedWarning(`content <${d.tag} ${d.attribute}>`, d.value, CONTENT_LINKS));
    }
  };
  // Entities such as `&#1;` decode to illegal characters inside the sanitizer, so strip after it.
  const html = stripXmlIllegal(sanitizeArticleHtml(p.body.html, baseUrl, onDrop));
  if (dropped > MAX_LINK_WARNINGS) warnings.push(`content: ${dropped - MAX_LINK_WARNINGS} more links dropped (${CONTENT_LINKS})`);
  return html;
}

/** `H:MM:SS`, `MM:SS` or seconds → seconds. */
function durationSeconds(value: number | string): number {
  if (typeof value === 'number') return value;
  return value.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** The enclosure with an absolute http(s) URL and a media type, or undefined (with a warning) when it has neither. */
function checkedEnclosure(raw: EnclosureMeta, baseUrl: string, warnings: string[]): ProcessedArticle['enclosure'] {
  const url = safeHttpUrl(raw.url, baseUrl);
  if (url === undefined) {
    warnings.push(droppedWarning('enclosure.url', raw.url, HTTP_ONLY));
    return undefined;
  }
  const type = raw.type ?? mediaTypeOf(url);
  if (type === undefined || !/^(?:audio|video)\//.test(type)) {
    warnings.push(droppedWarning('enclosure.type', raw.url, 'give an audio/* or video/* type (none follows from the file name)'));
    return undefined;
  }
  return { url, type, length: raw.length, ...(raw.duration !== undefined ? { duration: durationSeconds(raw.duration) } : {}) };
}

const NOTHING_LEFT = 'nothing left once the characters XML 1.0 cannot carry are removed';
// A character that shows: not a format character (Cf: zero-width space, bidi marks), separator or control.
const VISIBLE = /[^\p{Cf}\p{Z}\p{Cc}\s]/u;

function processArticle(p: ParsedArticle, options: ProcessOptions): ProcessedArticle | InputError {
  const { meta } = p;
  const warnings = [...(meta.warnings ?? [])];
  // An HTML page was checked whole before it was read; its body is a part of it.
  if (p.body.kind === 'html' && !p.body.depthChecked && htmlDepthOver(p.body.html, MAX_ELEMENT_DEPTH) !== undefined) {
    return new InputError(p.key, TOO_DEEP_HTML);
  }
  // Both producers already drop XML-illegal characters (decodeSource, textToParagraphs, htmlToText).
  const contentText = (p.body.kind === 'paragraphs' ? p.body.paragraphs.join('\n\n') : htmlToText(p.body.html)).trim();
  if (contentText === '') return new InputError(p.key, 'empty body (no text after trimming)');
  // A value made only of characters XML 1.0 cannot carry (`"\u0001"`) is no value: each is dropped with a
  // warning naming the field, as if absent (a title or summary is then made from the text), never
  // published empty or left to fail the whole article with a message that names no field.
  const cleanTitle = meta.title === undefined ? '' : stripXmlIllegal(meta.title).trim();
  // Made only of invisible characters (zero-width spaces, direction marks): readers would see an empty title.
  const givenTitle = VISIBLE.test(cleanTitle) ? cleanTitle : '';
  if (meta.title !== undefined && cleanTitle === '') warnings.push(`title: ${NOTHING_LEFT}; a title is made from the text`);
  else if (meta.title !== undefined && givenTitle === '') warnings.push('title: nothing visible (only format characters such as zero-width spaces); a title is made from the text');
  const title = capText(givenTitle || stripXmlIllegal(deriveHeadline(contentText)).trim(), MAX_TITLE);
  if (title === '') return new InputError(p.key, 'no title, and none could be derived from the body');
  if (meta.summary !== undefined && stripXmlIllegal(meta.summary).trim() === '') {
    warnings.push(`summary: ${NOTHING_LEFT}; a summary is made from the text`);
    delete meta.summary;
  }
  if (meta.summary !== undefined) meta.summary = capText(meta.summary, MAX_SUMMARY);
  // An id is compared with the others as feeds publish it, and feeds cannot carry these characters: `x\u0001y`
  // and `xy` were two ids here but one guid in every feed (readers kept one of the two items).
  if (meta.id !== undefined) {
    const id = stripXmlIllegal(meta.id).replace(/\s+/g, ' ').trim();
    if (id === '') {
      warnings.push(`id: ${NOTHING_LEFT}; the article keeps the id it would have without one`);
      delete meta.id;
    } else meta.id = id;
  }
  if (meta.authors?.some((person) => stripXmlIllegal(person.name).trim() === '')) {
    warnings.push(`author: dropped a name (${NOTHING_LEFT})`);
    const named = meta.authors.filter((person) => stripXmlIllegal(person.name).trim() !== '');
    if (named.length > 0) meta.authors = named;
    else delete meta.authors;
  }
  if (meta.categories.some((name) => stripXmlIllegal(name).trim() === '')) {
    warnings.push(`categories: dropped a name (${NOTHING_LEFT})`);
    meta.categories = meta.categories.filter((name) => stripXmlIllegal(name).trim() !== '');
  }
  const categories = meta.categories.filter((name) => name.length <= MAX_CATEGORY);
  if (categories.length < meta.categories.length) {
    for (const name of meta.categories.filter((n) => n.length > MAX_CATEGORY)) {
      warnings.push(droppedWarning('categories', name, `longer than ${MAX_CATEGORY} characters`));
    }
    meta.categories = categories;
  }
  if (meta.categories.length > MAX_CATEGORIES_PER_ARTICLE) {
    const dropped = meta.categories.length - MAX_CATEGORIES_PER_ARTICLE;
    warnings.push(`categories: dropped ${dropped} after the first ${MAX_CATEGORIES_PER_ARTICLE}, from ${describeDropped(meta.categories[MAX_CATEGORIES_PER_ARTICLE] ?? '')} on (at most ${MAX_CATEGORIES_PER_ARTICLE} per article)`);
    meta.categories = meta.categories.slice(0, MAX_CATEGORIES_PER_ARTICLE);
  }
  const baseUrl = meta.url ?? pendingPageUrl(options.siteUrl);
  const contentHtml = renderBody(p, baseUrl, warnings);
  let image: string | undefined;
  if (meta.image !== undefined) {
    image = safeHttpUrl(meta.image, baseUrl);
    if (image === undefined) warnings.push(droppedWarning('image', meta.image, HTTP_ONLY));
  }
  const enclosure = meta.enclosure === undefined ? undefined : checkedEnclosure(meta.enclosure, baseUrl, warnings);
  const article: ProcessedArticle = {
    key: p.key,
    sourcePath: p.sourcePath,
    idPath: p.idPath,
    meta,
    contentHash: p.contentHash,
    ...shownPrints({ meta, title, image, enclosure }, contentHtml),
    title,
    contentText,
    contentHtml,
    ...(image !== undefined ? { image } : {}),
    ...(enclosure !== undefined ? { enclosure } : {}),
    warnings,
  };
  const summary = meta.summary === undefined ? options.summarize?.(article) : undefined;
  return summary === undefined ? article : { ...article, summary };
}

function processOrReject(parsed: ParsedArticle, options: ProcessOptions): ProcessedArticle | InputError {
  try {
    return processArticle(parsed, options);
  } catch (cause) {
    // Pathological input (a stack overflow in a dependency) must cost one article, not the run.
    return new InputError(parsed.key, `could not be processed: ${String(cause)}`, { cause });
  }
}

// A `.txt` body has no links to resolve against the article's page, so no real site address is needed.
const NO_SITE_URL = 'https://site.invalid/';

/**
 * `bytes` read as the build reads a `.txt` source, up to the article it would publish, not summarized: the
 * same decoding and checks (size, NUL bytes, UTF-8, empty body, no title) with the same reasons, and the same
 * title. For `feedwright summarize`, which promises the build's reading; `name` stands for the source path
 * in a rejection (`stdin`, `line 3`).
 */
export function readTxtArticle(name: string, bytes: Uint8Array, maxBytes: number): ProcessedArticle | InputError {
  const text = decodeSource(name, bytes, maxBytes);
  if (text instanceof InputError) return text;
  return processOrReject(parseTxt(name, text), { siteUrl: NO_SITE_URL, maxBytes });
}

/**
 * The per-source stage: decode, parse the format, render and sanitize the body, extract text and
 * (optionally) summarize. Depends on nothing but the source and `options`, so sources can be processed
 * in any order or in parallel. Never throws for a bad file: it lands in `rejected` with its path.
 */
export function processSource(source: SourceFile, options: ProcessOptions): ProcessedSource {
  const result: ProcessedSource = { path: source.path, articles: [], rejected: [], warnings: [], drafts: [] };
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
    if (parsed.meta.draft) {
      result.drafts.push(parsed.key);
      continue;
    }
    const article = processOrReject(parsed, options);
    if (article instanceof InputError) {
      reject(article);
      continue;
    }
    result.articles.push(article);
    for (const reason of article.warnings) result.warnings.push({ path: article.key, reason });
  }
  return result;
}
