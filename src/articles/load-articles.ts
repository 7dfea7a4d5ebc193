import { ArticleSchema, type Article, type Person } from './article.js';
import { decodeSource } from './decode.js';
import { deriveHeadline } from './headline.js';
import { htmlToText } from './html-text.js';
import { InputError } from './input-error.js';
import { mergePeople } from './meta.js';
import { parseHtml } from './parse-html.js';
import { parseJson } from './parse-json.js';
import { parseMarkdown } from './parse-markdown.js';
import { parseTxt } from './parse-txt.js';
import type { ParsedArticle } from './parsed.js';
import { escapeHtml } from '../markup/index.js';
import { sanitizeArticleHtml } from './sanitize.js';
import { assignSlugs, slugify, type SlugRequest } from './slug.js';
import { stripXmlIllegal } from '../markup/index.js';

export interface SourceFile {
  /** Relative to the input root, `/` separators. */
  path: string;
  bytes: Uint8Array;
}

/** What the state file remembers per article key between runs. */
export interface ArticleRecord {
  id: string;
  firstSeen: string;
  contentHash: string;
  updated: string;
  slug: string;
}

export interface LoadContext {
  /** Absolute, ends with '/'. */
  siteUrl: string;
  /** Site default language (articles without `lang` inherit it in the feeds, not here). */
  language: string;
  defaultAuthor?: Person;
  maxBytes: number;
  /** The injected clock; used only as `firstSeen` (and `updated` on change) — never file times. */
  now: Date;
  known: Record<string, ArticleRecord>;
  /**
   * Slugs and ids (id → article key) held by articles outside this batch: an incremental run loads only
   * changed sources, and a new article must still not take an existing URL or id.
   */
  reserved?: { slugs: ReadonlySet<string>; ids: ReadonlyMap<string, string> };
}

export interface LoadResult {
  /** Valid, non-draft articles, newest first (published desc, then id asc). */
  articles: Article[];
  rejected: InputError[];
  /** New state for every article published this run, keyed like `known`. */
  records: Record<string, ArticleRecord>;
}

/**
 * The date part of default tag: URIs (RFC 4151). Fixed forever, not the current year: the
 * same file must get the same id on every run and machine, in every year.
 */
export const TAG_DATE = '2026';

type Format = 'txt' | 'md' | 'json' | 'html';
const FORMATS: Record<string, Format> = {
  txt: 'txt',
  md: 'md',
  markdown: 'md',
  json: 'json',
  html: 'html',
  htm: 'html',
};

function formatOf(path: string): Format | undefined {
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

/** `tag:<host>,2026:<path>` with each path segment percent-encoded (RFC 4151 `specific`). */
export function defaultArticleId(siteUrl: string, idPath: string): string {
  const host = new URL(siteUrl).hostname;
  const [path = '', fragment] = idPath.split('#', 2);
  const specific = path.split('/').map(encodeURIComponent).join('/');
  return `tag:${host},${TAG_DATE}:${specific}${fragment === undefined ? '' : `#${encodeURIComponent(fragment)}`}`;
}

function fileStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Prepared {
  parsed: ParsedArticle;
  id: string;
  title: string;
  contentText: string;
  published: string;
  updated: string;
  firstSeen: string;
  authors: Person[];
}

function prepare(p: ParsedArticle, ctx: LoadContext, nowIso: string): Prepared | InputError {
  const { meta } = p;
  const known = ctx.known[p.key];
  // Both producers already drop XML-illegal characters (decodeSource, textToParagraphs, htmlToText).
  const contentText = (p.body.kind === 'paragraphs' ? p.body.paragraphs.join('\n\n') : htmlToText(p.body.html)).trim();
  if (contentText === '') return new InputError(p.key, 'empty body (no text after trimming)');
  const title = stripXmlIllegal(meta.title ?? deriveHeadline(contentText)).trim();
  if (title === '') return new InputError(p.key, 'no title, and none could be derived from the body');

  const firstSeen = known?.firstSeen ?? nowIso;
  const published = meta.date ?? firstSeen;
  let updated: string;
  if (meta.updated !== undefined) {
    if (meta.updated < published) {
      return new InputError(p.key, `updated: ${meta.updated} is before the publication date ${published}`);
    }
    updated = meta.updated;
  } else {
    // `updated` moves only when the content does, so unchanged reruns produce identical feeds.
    const derived = known === undefined ? published : known.contentHash === p.contentHash ? known.updated : nowIso;
    updated = derived < published ? published : derived;
  }
  // A front-matter id wins; else the remembered one, so ids survive a later change of site URL.
  const id = meta.id ?? known?.id ?? defaultArticleId(ctx.siteUrl, p.idPath);
  const authors = mergePeople(
    (meta.authors ?? (ctx.defaultAuthor ? [ctx.defaultAuthor] : [])).map((a) => ({
      ...a,
      name: stripXmlIllegal(a.name),
    })),
  );
  return { parsed: p, id, title, contentText, published, updated, firstSeen, authors };
}

function slugRequest(a: Prepared, known: ArticleRecord | undefined): SlugRequest | InputError {
  const { meta, key, sourcePath } = a.parsed;
  if (meta.slug !== undefined) {
    const wanted = slugify(meta.slug);
    if (wanted === '') return new InputError(key, `slug: "${meta.slug}" has no letters or digits`);
    return { key, wanted, sticky: true };
  }
  if (known !== undefined && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(known.slug)) {
    return { key, wanted: known.slug, sticky: true };
  }
  return { key, wanted: slugify(a.title) || slugify(fileStem(sourcePath)) || 'article', sticky: false };
}

function renderBody(p: ParsedArticle, baseUrl: string): string {
  if (p.body.kind === 'paragraphs') {
    return p.body.paragraphs.map((para) => `<p>${escapeHtml(para)}</p>`).join('\n');
  }
  // Entities such as `&#1;` decode to illegal characters inside the sanitizer, so strip after it.
  return stripXmlIllegal(sanitizeArticleHtml(p.body.html, baseUrl));
}

/**
 * Reads every supported source (`.txt`, `.md`, `.json`, `.html`) into normalized articles.
 * Never throws for a bad file: it lands in `rejected` with its path and reason, and the rest
 * continues. Output depends only on `sources` and `ctx` (no clock, no file times), so the
 * same input and state give the same articles, ids, slugs and dates.
 */
export function loadArticles(sources: readonly SourceFile[], ctx: LoadContext): LoadResult {
  const nowIso = ctx.now.toISOString();
  const rejected: InputError[] = [];
  const prepared: Prepared[] = [];
  const ids = new Map<string, string>(ctx.reserved?.ids ?? []);

  for (const source of [...sources].sort((a, b) => byString(a.path, b.path))) {
    const format = formatOf(source.path);
    if (format === undefined) continue;
    const text = decodeSource(source.path, source.bytes, ctx.maxBytes);
    if (text instanceof InputError) {
      rejected.push(text);
      continue;
    }
    let parsedAll: (ParsedArticle | InputError)[];
    try {
      parsedAll = parseSource(format, source.path, text);
    } catch (cause) {
      // A parser bug or pathological input must cost one file, not the run; it is still reported.
      rejected.push(new InputError(source.path, `could not be parsed: ${String(cause)}`, { cause }));
      continue;
    }
    for (const parsed of parsedAll) {
      if (parsed instanceof InputError) {
        rejected.push(parsed);
        continue;
      }
      // Drafts are neither published nor remembered; they are not errors either.
      if (parsed.meta.draft) continue;
      const article = prepare(parsed, ctx, nowIso);
      if (article instanceof InputError) {
        rejected.push(article);
        continue;
      }
      const owner = ids.get(article.id);
      if (owner !== undefined) {
        rejected.push(new InputError(parsed.key, `duplicate id "${article.id}" (already used by ${owner})`));
        continue;
      }
      ids.set(article.id, parsed.key);
      prepared.push(article);
    }
  }

  const requests: SlugRequest[] = [];
  const withSlugRequest: Prepared[] = [];
  for (const a of prepared) {
    const request = slugRequest(a, ctx.known[a.parsed.key]);
    if (request instanceof InputError) {
      rejected.push(request);
      continue;
    }
    requests.push(request);
    withSlugRequest.push(a);
  }
  const slugs = assignSlugs(requests, ctx.reserved?.slugs);

  const articles: Article[] = [];
  const records: Record<string, ArticleRecord> = {};
  for (const a of withSlugRequest) {
    const { parsed } = a;
    const { meta } = parsed;
    const slug = slugs.get(parsed.key) ?? 'article';
    const baseUrl = meta.url ?? `${ctx.siteUrl}articles/${slug}.html`;
    let contentHtml: string;
    let image: string | undefined;
    try {
      contentHtml = renderBody(parsed, baseUrl);
      image = meta.image === undefined ? undefined : new URL(meta.image, baseUrl).href;
    } catch (cause) {
      rejected.push(new InputError(parsed.key, `could not be rendered: ${String(cause)}`, { cause }));
      continue;
    }
    const candidate: Article = {
      id: a.id,
      slug,
      sourcePath: parsed.sourcePath,
      title: a.title,
      ...(meta.url !== undefined ? { url: meta.url } : {}),
      contentHtml,
      contentText: a.contentText,
      ...(meta.summary !== undefined ? { summary: stripXmlIllegal(meta.summary) } : {}),
      published: a.published,
      updated: a.updated,
      authors: a.authors,
      categories: meta.categories.map(stripXmlIllegal).filter((c) => c !== ''),
      ...(image !== undefined ? { image } : {}),
      ...(meta.lang !== undefined ? { lang: meta.lang } : {}),
      contentHash: parsed.contentHash,
    };
    // Guards the contract every renderer relies on; a failure here is a bug surfaced as data.
    const checked = ArticleSchema.safeParse(candidate);
    if (!checked.success) {
      rejected.push(new InputError(parsed.key, `invalid article: ${checked.error.issues[0]?.message ?? 'unknown'}`));
      continue;
    }
    articles.push(checked.data);
    records[parsed.key] = {
      id: a.id,
      firstSeen: a.firstSeen,
      contentHash: parsed.contentHash,
      updated: a.updated,
      slug,
    };
  }

  articles.sort((x, y) => byString(y.published, x.published) || byString(x.id, y.id));
  return { articles, rejected, records };
}
