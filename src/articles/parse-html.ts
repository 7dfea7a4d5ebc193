import { Parser } from 'htmlparser2';
import type { Person } from './article.js';
import { parseArticleDate } from './dates.js';
import { canonicalLanguageTag } from './language-tag.js';
import { InputError } from './input-error.js';
import { droppedWarning, mergeCategories, type ArticleMeta } from './meta.js';
import { safeHttpUrl } from '../links/index.js';
import { sha256, type ParsedArticle } from './parsed.js';

const CONTAINERS = ['article', 'main', 'body'] as const;
type Container = (typeof CONTAINERS)[number];

interface Range {
  start: number;
  end: number | undefined;
  depth: number;
}

/**
 * `.html`: title from `<title>`, else the first `<h1>`; body is the inner HTML of the first
 * `<article>`, else `<main>`, else `<body>`, else the whole file. Metadata comes from
 * `<meta name="description|author|keywords">`, `<meta property="article:published_time|
 * article:modified_time|article:tag|og:image">`, the first `<time datetime>`,
 * `<link rel="canonical">` and `<html lang>`. A first `<h1>` equal to the title is left out
 * of the body. The body is sliced out of the source by parser
 * offsets instead of re-serialized, so it is parsed once here and once by the sanitizer.
 */
export function parseHtml(path: string, text: string): ParsedArticle | InputError {
  let title = '';
  let h1 = '';
  let inTitle = false;
  let titleDone = false;
  let h1Depth = 0;
  let h1Done = false;
  let h1Start = -1;
  let h1End = -1;
  let lang: string | undefined;
  let description: string | undefined;
  const authors: Person[] = [];
  const tags: string[] = [];
  let keywords: string | undefined;
  let published: string | undefined;
  let modified: string | undefined;
  let timeDatetime: string | undefined;
  let canonical: string | undefined;
  let image: string | undefined;
  const ranges = new Map<Container, Range>();
  // First <img src> inside each container: the article's image when the page has no og:image.
  const firstImage = new Map<Container, string>();

  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        switch (name) {
          case 'html':
            if (attribs.lang !== undefined) lang = canonicalLanguageTag(attribs.lang);
            break;
          case 'title':
            if (!titleDone) inTitle = true;
            break;
          case 'h1':
            if (!h1Done && h1Depth++ === 0) h1Start = parser.startIndex;
            break;
          case 'meta': {
            const key = (attribs.name ?? attribs.property ?? '').toLowerCase();
            const content = attribs.content?.trim();
            if (content === undefined || content === '') break;
            if (key === 'description') description ??= content;
            else if (key === 'author') authors.push({ name: content });
            else if (key === 'keywords') keywords ??= content;
            else if (key === 'article:tag') tags.push(content);
            else if (key === 'article:published_time') published ??= content;
            else if (key === 'article:modified_time') modified ??= content;
            else if (key === 'og:image') image ??= content;
            break;
          }
          case 'link':
            if ((attribs.rel ?? '').toLowerCase().split(/\s+/).includes('canonical') && attribs.href) {
              canonical ??= attribs.href.trim();
            }
            break;
          case 'time':
            if (attribs.datetime !== undefined) timeDatetime ??= attribs.datetime;
            break;
          case 'img': {
            const src = attribs.src?.trim();
            if (!src) break;
            for (const [container, range] of ranges) if (range.end === undefined && !firstImage.has(container)) firstImage.set(container, src);
            break;
          }
        }
        if ((CONTAINERS as readonly string[]).includes(name)) {
          const c = name as Container;
          const range = ranges.get(c);
          if (range === undefined) ranges.set(c, { start: parser.endIndex + 1, end: undefined, depth: 1 });
          else if (range.end === undefined) range.depth++;
        }
      },
      ontext(chunk) {
        if (inTitle) title += chunk;
        if (h1Depth > 0) h1 += chunk;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          titleDone = true;
        } else if (name === 'h1' && h1Depth > 0) {
          h1Depth--;
          if (h1Depth === 0) {
            h1Done = true;
            h1End = parser.endIndex + 1;
          }
        }
        const range = ranges.get(name as Container);
        if (range !== undefined && range.end === undefined && --range.depth === 0) {
          range.end = parser.startIndex;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(text);

  const meta: ArticleMeta = { categories: mergeCategories(tags, keywords), draft: false };
  const chosenTitle = (title.trim() !== '' ? title : h1).replace(/\s+/g, ' ').trim();
  if (chosenTitle !== '') meta.title = chosenTitle;
  if (description !== undefined) meta.summary = description.replace(/\s+/g, ' ');
  if (authors.length > 0) meta.authors = authors;
  if (lang !== undefined) meta.lang = lang;
  const warnings: string[] = [];
  if (image !== undefined) {
    const safe = safeHttpUrl(image);
    if (safe === undefined) warnings.push(droppedWarning('image (og:image)', image, 'only absolute http(s) links are published'));
    else meta.image = safe;
  } else {
    const container = CONTAINERS.find((c) => ranges.has(c));
    const src = container === undefined ? undefined : firstImage.get(container);
    if (src !== undefined) {
      // Absolute http(s), or relative to the page (resolved and copied like a front-matter image).
      const safe = safeHttpUrl(src);
      if (safe !== undefined) meta.image = safe;
      else if (!/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) meta.image = src;
      else warnings.push(droppedWarning('image (first <img>)', src, 'only http(s) or relative links are published'));
    }
  }
  if (canonical !== undefined) {
    const safe = safeHttpUrl(canonical);
    if (safe === undefined) warnings.push(droppedWarning('url (link rel=canonical)', canonical, 'only absolute http(s) links are published'));
    else meta.url = safe;
  }
  if (warnings.length > 0) meta.warnings = warnings;
  const dateSource = published !== undefined ? 'article:published_time' : '<time datetime>';
  const rawDate = published ?? timeDatetime;
  if (rawDate !== undefined) {
    const iso = parseArticleDate(rawDate);
    if (iso === undefined) return new InputError(path, `date (${dateSource}): not a valid date: "${rawDate}"`);
    meta.date = iso;
  }
  if (modified !== undefined) {
    const iso = parseArticleDate(modified);
    if (iso === undefined) {
      return new InputError(path, `updated (article:modified_time): not a valid date: "${modified}"`);
    }
    meta.updated = iso;
  }

  const range = CONTAINERS.map((c) => ranges.get(c)).find((r) => r !== undefined);
  const start = range?.start ?? 0;
  const end = range?.end ?? text.length;
  // The page's own heading repeats the title; left in, it would open every summary.
  const dropH1 = h1Start >= start && h1End > h1Start && h1End <= end && h1.replace(/\s+/g, ' ').trim() === chosenTitle;
  const html = dropH1 ? text.slice(start, h1Start) + text.slice(h1End, end) : text.slice(start, end);
  return {
    key: path,
    sourcePath: path,
    idPath: path,
    meta,
    // The caller checks a page's nesting before reading it (see processSource).
    body: { kind: 'html', html, depthChecked: true },
    contentHash: sha256(text.trim()),
  };
}
