import * as z from 'zod';
import { FeedRenderError } from './feed-error.js';
import { blockText, isoInstant, languageTag, optionalLanguageTag, optionalWebUrl, PersonFieldsSchema, requiredLine, webUrl } from './feed-fields.js';
import type { FeedChannel, FeedItem } from './feed-model.js';
import { toFeedUri } from './feed-uri.js';
import { distinctCategories } from './distinct-categories.js';

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
    const parsed = CheckedItemSchema.safeParse(item);
    if (!parsed.success) {
      const { field, problem } = firstIssue(parsed.error);
      throw new FeedRenderError(feedName, field, problem, String(item.id));
    }
    return { ...parsed.data, id: toFeedUri(parsed.data.id, host) };
  });
  // Feed-level dates come from the newest item, never from the clock, so rebuilds are byte-identical;
  // normalized ISO strings compare correctly as text.
  const newest = checked.reduce<string | undefined>((max, item) => (max === undefined || item.updated > max ? item.updated : max), undefined);
  return { channel: { ...parsedChannel.data, updated: newest ?? parsedChannel.data.updated }, items: checked };
}
