import * as z from 'zod';
import { FeedRenderError } from './feed-error.js';
import { blockText, isoInstant, languageTag, optionalLanguageTag, optionalWebUrl, PersonFieldsSchema, requiredLine, webUrl } from './feed-fields.js';
import type { FeedChannel, FeedItem } from './feed-model.js';
import { toFeedUri } from './feed-uri.js';
import { distinctCategories } from './distinct-categories.js';
import { forgetItemFragments } from './item-fragments.js';

const PeopleSchema = z.array(PersonFieldsSchema).transform((people) => people.filter((p) => p.name !== ''));

const FormatUrlsSchema = z.object({ rss: webUrl, atom: webUrl, json: webUrl });

const CheckedChannelSchema = z.object({
  id: webUrl,
  title: requiredLine,
  description: blockText,
  homePageUrl: webUrl,
  feedUrls: z.object({ rss: webUrl, atom: webUrl, json: webUrl }),
  language: languageTag,
  authors: PeopleSchema,
  updated: isoInstant,
  archiveLinks: z
    .object({
      prevArchive: FormatUrlsSchema.optional(),
      nextArchive: FormatUrlsSchema.optional(),
      current: FormatUrlsSchema.optional(),
    })
    .default({}),
  isArchive: z.boolean().default(false),
  hubs: z.array(webUrl).default([]),
  stylesheet: webUrl.optional(),
  content: z.enum(['summary', 'full', 'both']).default('both'),
});

const CheckedItemSchema = z.object({
  id: blockText.pipe(z.string().min(1, 'empty once characters XML cannot carry are removed')),
  title: requiredLine,
  url: webUrl,
  summary: blockText,
  contentHtml: blockText,
  published: isoInstant,
  updated: isoInstant,
  authors: PeopleSchema,
  categories: z.array(z.string()).transform(distinctCategories),
  image: optionalWebUrl,
  enclosure: z
    .object({ url: webUrl, type: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/), length: z.number().int().min(0), duration: z.number().int().min(0).optional() })
    .optional()
    .catch(undefined),
  lang: optionalLanguageTag,
});

export type CheckedChannel = z.output<typeof CheckedChannelSchema>;
/** A feed item after the check: `id` is the one feed id every format writes (see `toFeedUri`). */
export type CheckedItem = z.output<typeof CheckedItemSchema>;
export interface CheckedFeed {
  channel: CheckedChannel;
  items: CheckedItem[];
}

function firstIssue(error: z.ZodError): { field: string; problem: string } {
  const issue = error.issues[0];
  return { field: issue?.path.join('.') || '(value)', problem: issue?.message ?? 'invalid' };
}

// The item check is a pure function of the item, and one item is in up to ~15 documents (site and
// category feeds and archives, three formats each): checked once per item object. Callers never
// mutate an item after it has been rendered, except for filling in its content (and emptying it again
// through `releaseContent`, which keeps the entry in step). Every cached piece is kept on the item's one
// entry (a large site holds one per item until the render stage ends): archives show the item through
// `withoutContent` copies, which have no entry of their own.
interface CheckEntry {
  data: CheckedItem;
  contentHtml: string;
  /**
   * The item as feeds of a site on `host` write it (its id made a URI; `data` itself when the id already
   * is one). One host, not a map of them: a run renders one site.
   */
  host?: string;
  feedItem?: CheckedItem;
  /** `feedItem` without its content, as archives show it: one object, so the writers' caches find it again. */
  contentFree?: CheckedItem;
}
let checkedItems = new WeakMap<FeedItem, CheckEntry>();

function checkedEntry(item: FeedItem, feedName: string): CheckEntry {
  const cached = checkedItems.get(item);
  // Content is the one field the publisher fills in late (loaded only for pages and feeds that show it).
  if (cached !== undefined && cached.contentHtml === item.contentHtml) return cached;
  const entry: CheckEntry = { data: parseItem(item, feedName), contentHtml: item.contentHtml };
  checkedItems.set(item, entry);
  return entry;
}

/**
 * The checked item as one flat object that shares every value equal to the item's own: the check makes
 * new strings and arrays even when nothing changes (URLs and dates are serialized again, categories
 * copied), and its objects carry their fields out of line. Kept per item for the whole render, that was
 * ~300 bytes an article.
 */
function compact(data: CheckedItem, item: FeedItem): CheckedItem {
  // Equal strings, the item's copy kept: the checked one is dropped.
  const same = <T>(checked: T, own: unknown): T => (checked === own ? (own as T) : checked);
  return {
    id: same(data.id, item.id),
    title: same(data.title, item.title),
    url: same(data.url, item.url),
    summary: same(data.summary, item.summary),
    contentHtml: same(data.contentHtml, item.contentHtml),
    published: same(data.published, item.published),
    updated: same(data.updated, item.updated),
    authors: data.authors.length === 0 && item.authors.length === 0 ? item.authors : data.authors,
    categories: sameList(data.categories, item.categories) ? item.categories : data.categories,
    image: same(data.image, item.image),
    enclosure: data.enclosure,
    lang: data.lang,
  };
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * One item's check (the id not yet turned into the feed's URI). Throws `FeedRenderError` naming
 * `feedName`, the item and the field. Not remembered unless a feed has already checked the item: the
 * publisher checks every article long before its feeds are rendered, and keeping each answer until then
 * held ~350 bytes an article through the whole page stage for one check saved per article.
 */
export function checkItem(item: FeedItem, feedName: string): CheckedItem {
  const cached = checkedItems.get(item);
  if (cached !== undefined && cached.contentHtml === item.contentHtml) return cached.data;
  return parseItem(item, feedName);
}

function parseItem(item: FeedItem, feedName: string): CheckedItem {
  const parsed = CheckedItemSchema.safeParse(item);
  if (!parsed.success) {
    const { field, problem } = firstIssue(parsed.error);
    throw new FeedRenderError(feedName, field, problem, String(item.id));
  }
  return compact(parsed.data, item);
}

// A copy `withoutContent` handed out → the item it was made from. Weak both ways: the link lives as long
// as the copy, which lives as long as the document that shows it.
const origins = new WeakMap<FeedItem, FeedItem>();

/**
 * The item without its content (what archive documents show). The copy is made for one document and
 * checked as its item: content is the only field that differs, and no content is always valid, so the
 * item's own check (and the writers' cached text) serve every archive document that shows it.
 */
export function withoutContent(item: FeedItem): FeedItem {
  if (item.contentHtml === '') return item;
  const copy = { ...item, contentHtml: '' };
  origins.set(copy, item);
  return copy;
}

/** The checked item as feeds on `host` write it: without its content when `item` is a `withoutContent` copy. */
function feedItemOf(item: FeedItem, feedName: string, host: string): CheckedItem {
  const origin = origins.get(item);
  const entry = checkedEntry(origin ?? item, feedName);
  if (entry.feedItem === undefined || entry.host !== host) {
    const id = toFeedUri(entry.data.id, host);
    entry.feedItem = id === entry.data.id ? entry.data : { ...entry.data, id };
    entry.host = host;
    entry.contentFree = undefined;
  }
  const feedItem = entry.feedItem;
  if (origin === undefined || feedItem.contentHtml === '') return feedItem;
  entry.contentFree ??= { ...feedItem, contentHtml: '' };
  return entry.contentFree;
}

const released = new WeakSet<FeedItem>();

/** Whether `releaseContent` emptied this item: rendering its page again would publish it without content. */
export function contentReleased(item: FeedItem): boolean {
  return released.has(item);
}

/**
 * Empties an item's content once nothing will show it again (its page is written and no feed shows it
 * in full), so a large site does not hold every article's HTML until its last feed is written. The item
 * keeps its check: without content it is what `withoutContent` would have copied, so archives render it
 * as before, from the item itself.
 */
export function releaseContent(item: FeedItem): void {
  if (item.contentHtml === '') return;
  released.add(item);
  unloadContent(item);
}

/**
 * Empties content the writer read for a batch of documents and may read again for a later one (see
 * `SiteArticle.contentFrom`): the item's check drops it too, so it is not held until the render ends.
 */
export function unloadContent(item: FeedItem): void {
  if (item.contentHtml === '') return;
  const cached = checkedItems.get(item);
  const valid = cached?.contentHtml === item.contentHtml;
  item.contentHtml = '';
  if (cached === undefined) return;
  if (!valid) {
    checkedItems.delete(item);
    return;
  }
  // The content-free form the archives used (if any) is the item now: the writers' cached text still applies.
  const contentFree = cached.contentFree;
  cached.data = { ...cached.data, contentHtml: '' };
  cached.contentHtml = '';
  cached.feedItem = contentFree;
  if (contentFree === undefined) cached.host = undefined;
  cached.contentFree = undefined;
}

/**
 * Forgets every item's check and (through `forgetItemFragments`) every serialized item: call when a
 * render, or a stage of it, is done, so what it cached is not held while its items are still in use (the
 * next stage's documents, reporting, writing the state). Items rendered again are checked again; nothing
 * else changes (a released item stays released).
 */
export function forgetCheckedItems(): void {
  checkedItems = new WeakMap();
  forgetItemFragments();
}

/**
 * Checks and cleans a channel and its items before any writer sees them: valid dates, absolute http(s)
 * URLs, non-empty id and title, no character XML 1.0 forbids, categories distinct per item by slug.
 * Throws `FeedRenderError` naming the feed, the item and the field.
 */
export function checkFeed(channel: FeedChannel, items: FeedItem[]): CheckedFeed {
  const feedName = channel.feedUrls.rss;
  const parsedChannel = CheckedChannelSchema.safeParse(channel);
  if (!parsedChannel.success) {
    const { field, problem } = firstIssue(parsedChannel.error);
    throw new FeedRenderError(feedName, `channel.${field}`, problem);
  }
  const host = new URL(parsedChannel.data.homePageUrl).host;
  // One checked item per item, site host and content: the writers cache an item's serialized form per object.
  const checked = items.map((item) => feedItemOf(item, feedName, host));
  // Feed-level dates come from the newest item, never from the clock, so rebuilds are byte-identical;
  // normalized ISO strings compare correctly as text.
  const newest = checked.reduce<string | undefined>((max, item) => (max === undefined || item.updated > max ? item.updated : max), undefined);
  return { channel: { ...parsedChannel.data, updated: newest ?? parsedChannel.data.updated }, items: checked };
}
