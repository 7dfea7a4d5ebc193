import * as z from 'zod';
import type { DigestIssue } from './build-issue.js';
import { FeedwrightError } from '../errors/index.js';

const DigestArticleSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  url: z.string(),
  categories: z.array(z.string()),
  summary: z.string(),
  published: z.string(),
  image: z.string().optional(),
});

export const DigestIssueSchema = z.strictObject({
  version: z.literal(1),
  digestId: z.string().min(1),
  id: z.string().min(1),
  title: z.string(),
  digestTitle: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  scheduled: z.iso.datetime({ offset: true }),
  windowStart: z.iso.datetime({ offset: true }),
  url: z.string(),
  language: z.string(),
  articleCount: z.number().int().min(0),
  sections: z.array(z.strictObject({ name: z.string().nullable(), articles: z.array(DigestArticleSchema) })),
});

export class IssueParseError extends FeedwrightError {
  override readonly name = 'IssueParseError' as const;
  readonly code = 'corrupt-issue-record';
  override readonly exitCode = 3;
  constructor(
    readonly key: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${key}: ${reason}`, options);
  }
}

/** The issue as JSON: the machine-readable rendering and the frozen record later runs re-render from. */
export function renderIssueJson(issue: DigestIssue): string {
  // Fixed key order, whatever object it came from: a re-read issue must serialize to the same bytes.
  const ordered: DigestIssue = {
    version: issue.version,
    digestId: issue.digestId,
    id: issue.id,
    title: issue.title,
    digestTitle: issue.digestTitle,
    date: issue.date,
    scheduled: issue.scheduled,
    windowStart: issue.windowStart,
    url: issue.url,
    language: issue.language,
    articleCount: issue.articleCount,
    sections: issue.sections.map((section) => ({
      name: section.name,
      articles: section.articles.map((a) => ({
        id: a.id,
        title: a.title,
        url: a.url,
        categories: a.categories,
        summary: a.summary,
        published: a.published,
        // Kept in the record: the digest's feeds are made again from it, and without the image an entry
        // first written with one lost it on the next run, with no change to its date.
        ...(a.image !== undefined ? { image: a.image } : {}),
      })),
    })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Reads back an issue written by `renderIssueJson`; `key` names the object in errors. */
export function parseIssueJson(text: string, key: string): DigestIssue {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new IssueParseError(key, 'not valid JSON', { cause });
  }
  const parsed = DigestIssueSchema.safeParse(raw);
  if (!parsed.success) throw new IssueParseError(key, z.prettifyError(parsed.error));
  return parsed.data;
}
