import type { Config, DigestConfig } from '../config/config.js';
import { absoluteUrl, type FeedItem } from '../feeds/index.js';
import { issueKey } from './digest-paths.js';
import type { DigestWindow } from './windows.js';

/** One article as a digest shows it. */
export interface DigestArticle {
  id: string;
  title: string;
  url: string;
  categories: string[];
  summary: string;
  published: string;
  /** The article's image (absolute http(s)), shown beside it; issues frozen before images had none. */
  image?: string;
}

/** A heading and its articles; `name` is null when the digest is not grouped by category. */
export interface DigestSection {
  name: string | null;
  articles: DigestArticle[];
}

/**
 * One digest issue: everything its HTML, Markdown, text and JSON renderings and its feed entry need.
 * Once issued it is stored as JSON and re-rendered from that, so later article edits never change it.
 */
export interface DigestIssue {
  version: 1;
  digestId: string;
  /** Stable, globally unique id (tag: URI): the feed entry id. */
  id: string;
  /** `<site title> — <digest name>, <date>`. */
  title: string;
  /** Digest name shown as the channel title, e.g. `Feedwright — Daily digest`. */
  digestTitle: string;
  /** Local date (YYYY-MM-DD) of the scheduled time in the digest's time zone. */
  date: string;
  /** ISO instant the issue was due: the end (inclusive) of its window. */
  scheduled: string;
  /** ISO instant of the previous scheduled time: the start (exclusive) of the window. */
  windowStart: string;
  /** Absolute URL of the issue's HTML page. */
  url: string;
  language: string;
  articleCount: number;
  /** Articles newest first within each section; sections sorted by name with "Other" last. */
  sections: DigestSection[];
}

/** Name of the group for articles without categories. */
export const OTHER_SECTION = 'Other';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2026-11-27` → `27 November 2026`; from the date string itself, so no time zone can shift it. */
export function displayIssueDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day ?? ''} ${MONTHS[(month ?? 1) - 1] ?? ''} ${year ?? ''}`;
}

/** The digest's display name: its configured title, else "Daily digest" / "Weekly digest". */
export function digestName(digest: DigestConfig): string {
  return digest.title ?? (digest.schedule.every === 'day' ? 'Daily digest' : 'Weekly digest');
}

export function digestChannelTitle(config: Config, digest: DigestConfig): string {
  return `${config.site.title} — ${digestName(digest)}`;
}

/** Tag URI (RFC 4151) under the site host; the year is the issue's own, so the id never changes. */
export function issueId(config: Config, digestId: string, date: string): string {
  return `tag:${new URL(config.site.baseUrl).hostname},${date.slice(0, 4)}:digests/${digestId}/${date}`;
}

function newestFirst(a: DigestArticle, b: DigestArticle): number {
  const byTime = Date.parse(b.published) - Date.parse(a.published);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function groupByFirstCategory(articles: DigestArticle[]): DigestSection[] {
  const groups = new Map<string, DigestArticle[]>();
  for (const article of articles) {
    const name = article.categories[0] ?? OTHER_SECTION;
    const group = groups.get(name) ?? [];
    group.push(article);
    groups.set(name, group);
  }
  return [...groups.keys()]
    .sort((a, b) => {
      // The catch-all group reads best at the end, whatever its letter.
      if (a === OTHER_SECTION || b === OTHER_SECTION) return a === b ? 0 : a === OTHER_SECTION ? 1 : -1;
      return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
    })
    .map((name) => ({ name, articles: groups.get(name) ?? [] }));
}

/**
 * The issue for one window: articles published in (window.start, window.end], newest first,
 * optionally grouped under their first category. Null when the window is empty and the digest
 * does not publish empty issues. Pure: same inputs → same issue.
 */
export function buildIssue(args: {
  config: Config;
  digest: DigestConfig;
  items: FeedItem[];
  window: DigestWindow;
  /** Ids an earlier issue already carried: a date corrected forward into this window is not news again. */
  carried?: ReadonlySet<string>;
}): DigestIssue | null {
  const { config, digest, window } = args;
  const start = window.start.getTime();
  const end = window.end.getTime();
  const articles = args.items
    .filter((item) => {
      const published = Date.parse(item.published);
      return published > start && published <= end && args.carried?.has(item.id) !== true;
    })
    .map((item): DigestArticle => ({
      id: item.id,
      title: item.title,
      url: item.url,
      categories: [...item.categories],
      summary: item.summary,
      published: item.published,
      ...(item.image ? { image: item.image } : {}),
    }))
    .sort(newestFirst);
  if (articles.length === 0 && !digest.publishEmpty) return null;
  let sections: DigestSection[];
  if (articles.length === 0) sections = [];
  else if (digest.groupByCategory) sections = groupByFirstCategory(articles);
  else sections = [{ name: null, articles }];
  const digestTitle = digestChannelTitle(config, digest);
  return {
    version: 1,
    digestId: digest.id,
    id: issueId(config, digest.id, window.date),
    title: `${digestTitle}, ${displayIssueDate(window.date)}`,
    digestTitle,
    date: window.date,
    scheduled: window.end.toISOString(),
    windowStart: window.start.toISOString(),
    url: absoluteUrl(config.site.baseUrl, issueKey(digest.id, window.date, 'html')),
    language: config.site.language,
    articleCount: articles.length,
    sections,
  };
}
