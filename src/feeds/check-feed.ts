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
// through `releaseContent`, which keeps the entry in step).
interface CheckEntry {
  data: CheckedItem;
  contentHtml: string;
  /**
   * The item as feeds of a site on `host` write it (its id made a URI). One host, not a map of them: a
   * run renders one site, and an entry is kept per item for the whole render (a Map each cost ~200 bytes).
   */
  host?: string;
  feedItem?: CheckedItem;
}
let checkedItems = new WeakMap<FeedItem, CheckEntry>();

/**
 * One item's check (the id not yet turned into the feed's URI), memoized per item object. Throws
 * `FeedRenderError` naming `feedName`, the item and the field.
 */
export function checkItem(item: FeedItem, feedName: string): CheckedItem {
  const cached = checkedItems.get(item);
  // Content is the one field the publisher fills in late (loaded only for pages and feeds that show it).
  if (cached?.contentHtml === item.contentHtml) return cached.data;
  const parsed = CheckedItemSchema.safeParse(item);
  if (!parsed.success) {
    const { field, problem } = firstIssue(parsed.error);
    throw new FeedRenderError(feedName, field, problem, String(item.id));
  }
  checkedItems.set(item, { data: parsed.data, contentHtml: item.contentHtml });
  return parsed.data;
}

let contentFree = new WeakMap<FeedItem, FeedItem>();

/**
 * The item without its content (what archive documents show), one copy per item, shared by every archive
 * document that shows it. When the item has passed the check, so has the copy: content is the only field
 * that differs, and no content is always valid.
 */
export function withoutContent(item: FeedItem): FeedItem {
  if (item.contentHtml === '') return item;
  let copy = contentFree.get(item);
  if (copy === undefined) {
    copy = { ...item, contentHtml: '' };
    contentFree.set(item, copy);
    const cached = checkedItems.get(item);
    if (cached?.contentHtml === item.contentHtml) checkedItems.set(copy, { data: { ...cached.data, contentHtml: '' }, contentHtml: '' });
  }
  return copy;
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
  contentFree.delete(item);
  if (cached === undefined) return;
  if (valid) checkedItems.set(item, { data: { ...cached.data, contentHtml: '' }, contentHtml: '' });
  else checkedItems.delete(item);
}

/**
 * Forgets every item's check, its content-free copy and (through `forgetItemFragments`) every serialized
 * item: call when a render is done, so what it cached is not held while its items are still in use
 * (reporting, writing the state). Items rendered again are checked again; nothing else changes.
 */
export function forgetCheckedItems(): void {
  checkedItems = new WeakMap();
  contentFree = new WeakMap();
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
  const checked = items.map((item) => {
    const data = checkItem(item, feedName);
    // One checked item per item and site host: the writers cache an item's serialized form per object.
    const entry = checkedItems.get(item) as CheckEntry;
    if (entry.feedItem === undefined || entry.host !== host) {
      entry.feedItem = { ...data, id: toFeedUri(data.id, host) };
      entry.host = host;
    }
    return entry.feedItem;
  });
  // Feed-level dates come from the newest item, never from the clock, so rebuilds are byte-identical;
  // normalized ISO strings compare correctly as text.
  const newest = checked.reduce<string | undefined>((max, item) => (max === undefined || item.updated > max ? item.updated : max), undefined);
  return { channel: { ...parsedChannel.data, updated: newest ?? parsedChannel.data.updated }, items: checked };
}
