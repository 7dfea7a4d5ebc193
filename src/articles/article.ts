import * as z from 'zod';
import { safeHttpUrl } from '../links/index.js';
import { MAX_SUMMARY, MAX_TITLE } from './limits.js';

export const PersonSchema = z.strictObject({
  name: z.string().min(1),
  email: z.string().optional(),
  url: z.string().optional(),
});
export type Person = z.infer<typeof PersonSchema>;

const httpHref = z.string().refine((v) => safeHttpUrl(v) === v, 'must be an absolute http(s) URL');

/** A person as published: `email` an address, `url` an http(s) link (input is checked against this). */
export const PublishedPersonSchema = z.strictObject({
  name: z.string().min(1),
  email: z.email().optional(),
  url: httpHref.optional(),
});

const isoDateTime = z.iso.datetime({ offset: true });

/**
 * The normalized article: every source format (.txt, .md, .json, .html) ends up here.
 * Everything downstream (feeds, pages, digests, summaries) reads only this shape.
 */
export const ArticleSchema = z.strictObject({
  /** Stable id: front-matter `id`, else a tag: URI from the site host and the source path. */
  id: z.string().min(1),
  /** ASCII, unique across the site; used in `articles/<slug>.html`. */
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  /** Path of the source relative to the input root, with `/` separators. */
  sourcePath: z.string().min(1),
  title: z.string().min(1).max(MAX_TITLE),
  /** The article's own absolute URL, when it has one; otherwise its page on the site is the link. */
  url: httpHref.optional(),
  /** Sanitized HTML body with absolute links. */
  contentHtml: z.string(),
  /**
   * Plain text of the body, for summaries and excerpts. An empty body is rejected before this (the
   * per-source stage); empty here only once summarized, in a run that drops it (see releaseProcessedContent).
   */
  contentText: z.string(),
  /** Author-written summary (front matter); wins over the generated one. */
  summary: z.string().max(MAX_SUMMARY).optional(),
  published: isoDateTime,
  updated: isoDateTime,
  authors: z.array(PublishedPersonSchema),
  categories: z.array(z.string().min(1)),
  image: httpHref.optional(),
  /** Audio/video file (podcast enclosure): absolute URL, media type, length in bytes, duration in seconds. */
  enclosure: z.object({ url: httpHref, type: z.string().min(1), length: z.number().int().min(0), duration: z.number().int().min(0).optional() }).optional(),
  lang: z.string().optional(),
  /** sha256 of the source's normalized content; drives `updated` and the summary cache. */
  contentHash: z.string().min(1),
});
export type Article = z.infer<typeof ArticleSchema>;
