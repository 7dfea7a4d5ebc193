import * as z from 'zod';
import { PersonSchema, type Person } from './article.js';
import { parseArticleDate } from './dates.js';
import { categorySlug } from './slug.js';
import { LanguageTagSchema } from './language-tag.js';
import { describeDropped, safeEmail, safeHttpUrl } from '../links/index.js';

const dateField = z.string().transform((value, ctx) => {
  const iso = parseArticleDate(value);
  if (iso === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `not a valid date: "${value}" (use YYYY-MM-DD or ISO 8601 like 2026-03-01T09:30:00Z)`,
    });
    return z.NEVER;
  }
  return iso;
});

const text = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'must not be empty'));

const personInput = z.union([z.string().trim().min(1).transform((name): Person => ({ name })), PersonSchema]);
const stringList = z.union([z.string(), z.array(z.union([z.string(), z.number()]))]);

// Links are checked in `normalizeMeta`, where a bad one is dropped with a warning instead of costing the article.
const link = z.string().trim().min(1);

/**
 * Metadata shared by Markdown front matter and JSON articles.
 *
 * A strict object on purpose: an unknown key (`titel`, `category`) is most likely a typo,
 * and silently dropping it would publish an article without the field the author meant.
 * The rejection names the key, so the fix is obvious. `categories` and `tags` are synonyms
 * and are merged; `author` and `authors` likewise.
 */
export const metaShape = {
  id: text.optional(),
  title: text.optional(),
  slug: text.optional(),
  date: dateField.optional(),
  updated: dateField.optional(),
  author: personInput.optional(),
  authors: z.array(personInput).optional(),
  categories: stringList.optional(),
  tags: stringList.optional(),
  summary: text.optional(),
  url: link.optional(),
  /** Absolute, or relative to the article (resolved when the page is known). */
  image: link.optional(),
  /** Audio or video for podcast feeds: `length` in bytes (RSS requires it), `type` defaults from the extension. */
  enclosure: z
    .strictObject({
      url: link,
      length: z.number().int().min(0),
      type: z.string().regex(/^(?:audio|video)\/[\w.+-]+$/, 'must be an audio/* or video/* media type').optional(),
      /** Seconds, or `H:MM:SS` / `MM:SS`. */
      duration: z.union([z.number().int().min(0), z.string().regex(/^\d+(?::[0-5]\d){1,2}$/, 'use seconds or H:MM:SS')]).optional(),
    })
    .optional(),
  lang: LanguageTagSchema.optional(),
  draft: z.boolean().optional(),
};

export const FrontMatterSchema = z.strictObject(metaShape);
export type RawMeta = z.infer<typeof FrontMatterSchema>;

/** A declared audio/video file (front matter `enclosure`), its URL not yet checked. */
export interface EnclosureMeta {
  url: string;
  length: number;
  type?: string;
  duration?: number | string;
}

/** Normalized metadata, independent of the source format. */
export interface ArticleMeta {
  id?: string;
  title?: string;
  slug?: string;
  date?: string;
  updated?: string;
  authors?: Person[];
  categories: string[];
  summary?: string;
  url?: string;
  image?: string;
  enclosure?: EnclosureMeta;
  lang?: string;
  draft: boolean;
  /** Values dropped because they could not be published safely, each naming its field (`author.url: …`). */
  warnings?: string[];
}

export function mergeCategories(...lists: (string | (string | number)[] | undefined)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    if (list === undefined) continue;
    const items = typeof list === 'string' ? list.split(',') : list;
    for (const item of items) {
      const name = String(item).replace(/\s+/g, ' ').trim();
      // Keyed like the category folders, so "Science" and "science" do not become two feeds and an
      // article appears once in each.
      const k = categorySlug(name);
      if (name === '' || seen.has(k)) continue;
      seen.add(k);
      out.push(name);
    }
  }
  return out;
}

export function mergePeople(people: readonly Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => {
    const k = p.name.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** `field: dropped "value" (why)`: the shape of every warning about a dropped link. */
export function droppedWarning(field: string, value: string, why: string): string {
  return `${field}: dropped ${describeDropped(value)} (${why})`;
}

export const HTTP_ONLY = 'only http(s) links are published';

/** A person with an unsafe `url` or invalid `email` loses that field (with a warning), not the article. */
function checkPerson(person: Person, field: string, warnings: string[]): Person {
  const { email, url, ...rest } = person;
  const checked: Person = rest;
  if (email !== undefined) {
    const safe = safeEmail(email);
    if (safe === undefined) warnings.push(droppedWarning(`${field}.email`, email, 'not an e-mail address'));
    else checked.email = safe;
  }
  if (url !== undefined) {
    const safe = safeHttpUrl(url);
    if (safe === undefined) warnings.push(droppedWarning(`${field}.url`, url, HTTP_ONLY));
    else checked.url = safe;
  }
  return checked;
}

export function normalizeMeta(raw: RawMeta): ArticleMeta {
  const warnings: string[] = [];
  const people = [
    ...(raw.author ? [checkPerson(raw.author, 'author', warnings)] : []),
    ...(raw.authors ?? []).map((p, i) => checkPerson(p, `authors[${i}]`, warnings)),
  ];
  const meta: ArticleMeta = { categories: mergeCategories(raw.categories, raw.tags), draft: raw.draft ?? false };
  if (raw.id !== undefined) meta.id = raw.id;
  if (raw.title !== undefined) meta.title = raw.title;
  if (raw.slug !== undefined) meta.slug = raw.slug;
  if (raw.date !== undefined) meta.date = raw.date;
  if (raw.updated !== undefined) meta.updated = raw.updated;
  if (people.length > 0) meta.authors = mergePeople(people);
  if (raw.summary !== undefined) meta.summary = raw.summary;
  if (raw.url !== undefined) {
    const url = safeHttpUrl(raw.url);
    if (url === undefined) warnings.push(droppedWarning('url', raw.url, 'only absolute http(s) links are published'));
    else meta.url = url;
  }
  if (raw.image !== undefined) meta.image = raw.image;
  if (raw.enclosure !== undefined) meta.enclosure = raw.enclosure;
  if (raw.lang !== undefined) meta.lang = raw.lang;
  if (warnings.length > 0) meta.warnings = warnings;
  return meta;
}

/**
 * The fields with a value: a field set to null or to an empty string (YAML `tags:` with nothing after it
 * and Hugo's `description: ""`, as those tools' templates leave them; JSON `null`) is absent, as those
 * tools read it, not an article rejected ("Invalid input", "summary: must not be empty"). So is such an
 * entry of a list (`authors: [Ann, null]`, a `- ` left empty) and such a field of an author or enclosure
 * (`author: { name: Ann, email: }`).
 */
export function withoutEmptyFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => !isEmptyValue(value)).map(([key, value]) => [key, withoutEmptyParts(value)]));
}

function isEmptyValue(value: unknown): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function withoutEmptyParts(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => !isEmptyValue(item)).map((item) => (isPlainRecord(item) ? withoutEmptyFields(item) : item));
  return isPlainRecord(value) ? withoutEmptyFields(value) : value;
}

/** One line per problem, each naming its field, e.g. `date: not a valid date: "yesterday"`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((k) => `"${k}"`).join(', ');
        return `${field ? `${field}: ` : ''}unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
      }
      return `${field || 'value'}: ${issue.message}`;
    })
    .join('; ');
}

