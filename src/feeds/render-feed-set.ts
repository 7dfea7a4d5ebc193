import { splitArchive } from './archive-pages.js';
import { FeedRenderError } from './feed-error.js';
import type { FeedChannel, FeedItem, RenderedFeeds, RenderedObject } from './feed-model.js';
import { renderFeeds } from './render-feeds.js';
import { type FeedKeys, archiveFeedKeys, feedUrls } from './site-paths.js';

export interface FeedSetOptions {
  baseUrl: string;
  /** Items in the current document before older ones are archived. */
  size: number;
  archivePageSize: number;
  /** Every document (each format) stays at or under this many bytes. */
  maxBytes: number;
}

const encoder = new TextEncoder();

function largest(feeds: RenderedFeeds): number {
  return Math.max(encoder.encode(feeds.rss).length, encoder.encode(feeds.atom).length, encoder.encode(feeds.json).length);
}

/**
 * Renders within the byte budget: item content is left out, oldest item first, until every format fits;
 * summaries are never cut. Throws `FeedRenderError` when even summaries alone do not fit (lower
 * `feed.size`/`feed.archivePageSize` or raise `feed.maxBytes`).
 */
export function renderWithinBudget(channel: FeedChannel, items: FeedItem[], maxBytes: number): RenderedFeeds {
  const kept = [...items];
  let rendered = renderFeeds(channel, kept);
  let next = kept.length - 1;
  while (largest(rendered) > maxBytes) {
    while (next >= 0 && kept[next]?.contentHtml === '') next--;
    if (next < 0) {
      throw new FeedRenderError(channel.feedUrls.rss, 'feed', `over ${maxBytes} bytes even with summaries only (${kept.length} items): lower feed.size or feed.archivePageSize, or raise feed.maxBytes`);
    }
    // Several items at a time when far over budget: one render per item would be quadratic.
    const over = largest(rendered) - maxBytes;
    let freed = 0;
    while (next >= 0 && freed < over) {
      const item = kept[next] as FeedItem;
      freed += encoder.encode(item.contentHtml).length;
      kept[next] = { ...item, contentHtml: '' };
      next--;
    }
    rendered = renderFeeds(channel, kept);
  }
  return rendered;
}

function objectsOf(keys: FeedKeys, feeds: RenderedFeeds): RenderedObject[] {
  return [
    { key: keys.rss, body: feeds.rss },
    { key: keys.atom, body: feeds.atom },
    { key: keys.json, body: feeds.json },
  ];
}

/**
 * One subscription feed with its RFC 5005 archive: the archive documents, newest page first (a new page
 * exists before the page that links to it with `next-archive`), then the current documents, which link
 * the newest page with `prev-archive`. Archive items carry their summary only, so an archive page's bytes
 * depend on its items' metadata alone and never on which run rendered it.
 */
export function renderFeedSet(channel: FeedChannel, keys: FeedKeys, items: FeedItem[], options: FeedSetOptions): RenderedObject[] {
  const { current, pages } = splitArchive(items, options.size, options.archivePageSize);
  const urlsOf = (page: number) => feedUrls(options.baseUrl, archiveFeedKeys(keys, page));
  const currentUrls = feedUrls(options.baseUrl, keys);
  const archives: RenderedObject[] = [];
  for (let page = pages.length; page >= 1; page--) {
    const { hubs: _hubs, ...rest } = channel;
    const archiveChannel: FeedChannel = {
      ...rest,
      feedUrls: urlsOf(page),
      isArchive: true,
      archiveLinks: {
        current: currentUrls,
        ...(page > 1 ? { prevArchive: urlsOf(page - 1) } : {}),
        ...(page < pages.length ? { nextArchive: urlsOf(page + 1) } : {}),
      },
    };
    const pageItems = (pages[page - 1] ?? []).map((item) => ({ ...item, contentHtml: '' }));
    archives.push(...objectsOf(archiveFeedKeys(keys, page), renderWithinBudget(archiveChannel, pageItems, options.maxBytes)));
  }
  const currentChannel: FeedChannel = pages.length > 0 ? { ...channel, archiveLinks: { prevArchive: urlsOf(pages.length) } } : channel;
  return [...archives, ...objectsOf(keys, renderWithinBudget(currentChannel, current, options.maxBytes))];
}
