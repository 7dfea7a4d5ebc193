import { categoryFeedKeys, SITE_FEED_KEYS } from '../feeds/index.js';
import type { Store } from '../storage/store.js';

/**
 * What the published output says about each article's dates, for `--rebuild-state`: readers already saw
 * these first-seen dates, so a state rebuilt after loss or corruption must keep them (otherwise undated
 * articles come back as new). Feeds and their archive documents are read first (they carry the article id); article pages (their
 * `<time datetime>`) cover articles that no feed shows any more.
 */
export interface PublishedDates {
  byId: Map<string, { published: string; updated?: string }>;
  bySlug: Map<string, string>;
  /**
   * The id each article page's feed item carries, by the page's slug: an id kept through a move or made
   * unique (`;2`) cannot be derived from the sources again, and readers know the article by it.
   */
  idBySlug: Map<string, string>;
  /**
   * Published items by story (title and summary, what the summarizer makes again from the same source):
   * the id and page slug readers know, for an article whose path or title no longer leads to them.
   */
  byStory: Map<string, { id: string; slug?: string }[]>;
}

/** The key of a story in `byStory`. */
export function storyKey(title: string, summary: string): string {
  return `${title}\u0000${summary}`;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function asIso(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ISO.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Reads JSON Feeds and article pages of the output; unreadable or foreign files are skipped, never fatal. */
export async function readPublishedDates(output: Store, keys: string[]): Promise<PublishedDates> {
  const byId = new Map<string, { published: string; updated?: string }>();
  const bySlug = new Map<string, string>();
  const idBySlug = new Map<string, string>();
  const byStory = new Map<string, { id: string; slug?: string }[]>();
  // Archive documents (RFC 5005) hold the older items, newest page first so it wins like the feeds do.
  const archives = keys
    .map((k) => ({ k, page: /^(?:categories\/[^/]+\/)?archive\/(\d+)\/feed\.json$/.exec(k)?.[1] }))
    .filter((a): a is { k: string; page: string } => a.page !== undefined)
    .sort((a, b) => Number(b.page) - Number(a.page))
    .map((a) => a.k);
  const jsonFeeds = [...keys.filter((k) => k === SITE_FEED_KEYS.json || (k.startsWith('categories/') && k === categoryFeedKeys(k.split('/')[1] ?? '').json)), ...archives];
  for (const key of jsonFeeds) {
    const bytes = await output.read(key);
    if (!bytes) continue;
    let feed: unknown;
    try {
      feed = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      continue;
    }
    const items = typeof feed === 'object' && feed !== null && 'items' in feed && Array.isArray(feed.items) ? feed.items : [];
    for (const item of items as Record<string, unknown>[]) {
      const published = asIso(item.date_published);
      if (typeof item.id !== 'string' || !published || byId.has(item.id)) continue;
      const page = typeof item.url === 'string' ? /\/articles\/([a-z0-9-]+)\.html$/.exec(item.url)?.[1] : undefined;
      if (page !== undefined && !idBySlug.has(page)) idBySlug.set(page, item.id);
      if (typeof item.title === 'string') {
        const key = storyKey(item.title, typeof item.summary === 'string' ? item.summary : '');
        const entry = { id: item.id, ...(page !== undefined ? { slug: page } : {}) };
        const list = byStory.get(key);
        if (list) list.push(entry);
        else byStory.set(key, [entry]);
      }
      const updated = asIso(item.date_modified);
      byId.set(item.id, { published, ...(updated ? { updated } : {}) });
    }
  }
  for (const key of keys) {
    const match = /^articles\/([^/]+)\.html$/.exec(key);
    if (!match?.[1]) continue;
    const bytes = await output.read(key);
    if (!bytes) continue;
    const datetime = /<time datetime="([^"]+)"/.exec(new TextDecoder().decode(bytes))?.[1];
    const published = asIso(datetime);
    if (published) bySlug.set(match[1], published);
  }
  return { byId, bySlug, idBySlug, byStory };
}
