import { splitArchive } from './archive-pages.js';
import { withoutContent } from './check-feed.js';
import { FeedRenderError } from './feed-error.js';
import type { FeedChannel, FeedItem, PlannedObject, RenderedFeeds, RenderedObject } from './feed-model.js';
import type { SiteArticle } from './render-site.js';
import { renderFeeds } from './render-feeds.js';
import type { RenderSource } from './render-source.js';
import { contentFreePrint, itemPrint, type Signer } from './render-signature.js';
import { type FeedKeys, archiveFeedKeys, feedUrls } from './site-paths.js';

export interface FeedSetOptions {
  baseUrl: string;
  /** Items in the current document before older ones are archived. */
  size: number;
  archivePageSize: number;
  /** Every document (each format) stays at or under this many bytes. */
  maxBytes: number;
}

// Byte lengths without encoding a copy: every feed document is measured, ~14,000 of them in a 10,000-article build.
const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

function largest(feeds: RenderedFeeds): number {
  return Math.max(byteLength(feeds.rss), byteLength(feeds.atom), byteLength(feeds.json));
}

// UTF-8 takes at most 3 bytes per UTF-16 code unit, so a text that short fits without being measured: most
// documents (archive pages are ~50 KB against a 500 KB budget). Measuring them all was ~0.25 s of a cold
// 10,000-article build, for 283 MB of text.
const fits = (text: string, maxBytes: number) => text.length * 3 <= maxBytes || byteLength(text) <= maxBytes;
const allFit = (feeds: RenderedFeeds, maxBytes: number) => fits(feeds.rss, maxBytes) && fits(feeds.atom, maxBytes) && fits(feeds.json, maxBytes);

// Documents published over the budget, by feed URL, with their largest format's bytes: the run reports
// them (`takeOverBudgetDocuments`) instead of failing. Each article's metadata is capped at a third of the
// budget (load-site.ts), so only many large items together get here.
const overBudget = new Map<string, number>();

/** The documents rendered over the budget since the last call, by feed URL (the run's report sorts its warnings). */
export function takeOverBudgetDocuments(): { url: string; bytes: number }[] {
  const taken = [...overBudget].map(([url, bytes]) => ({ url, bytes }));
  overBudget.clear();
  return taken;
}

/**
 * Renders within the byte budget: item content is left out, oldest item first, until every format fits;
 * summaries are never cut. When even summaries alone do not fit, the document is published over the
 * budget and noted for the run's report (a run that failed here published nothing at all).
 */
export function renderWithinBudget(channel: FeedChannel, items: FeedItem[], maxBytes: number): RenderedFeeds {
  const kept = [...items];
  let rendered = renderFeeds(channel, kept);
  let next = kept.length - 1;
  while (!allFit(rendered, maxBytes)) {
    while (next >= 0 && kept[next]?.contentHtml === '') next--;
    if (next < 0) {
      overBudget.set(channel.feedUrls.rss, largest(rendered));
      return rendered;
    }
    // Several items at a time when far over budget: one render per item would be quadratic.
    const over = largest(rendered) - maxBytes;
    let freed = 0;
    while (next >= 0 && freed < over) {
      const item = kept[next] as FeedItem;
      freed += byteLength(item.contentHtml);
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
 * Archive document `page` (1 = oldest) of `pageCount`: `fh:archive`, `current`, `prev-archive` to the
 * page before, `next-archive` to the one after when it exists. Items carry their summary only, so an
 * archive page's bytes depend on its items' metadata alone and never on which run rendered it.
 */
export function renderArchiveDocument(channel: FeedChannel, keys: FeedKeys, page: number, pageCount: number, items: FeedItem[], options: FeedSetOptions): RenderedObject[] {
  const urlsOf = (n: number) => feedUrls(options.baseUrl, archiveFeedKeys(keys, n));
  const { hubs: _hubs, ...rest } = channel;
  const archiveChannel: FeedChannel = {
    ...rest,
    feedUrls: urlsOf(page),
    isArchive: true,
    archiveLinks: {
      current: feedUrls(options.baseUrl, keys),
      ...(page > 1 ? { prevArchive: urlsOf(page - 1) } : {}),
      ...(page < pageCount ? { nextArchive: urlsOf(page + 1) } : {}),
    },
  };
  const summaries = items.map(withoutContent);
  return objectsOf(archiveFeedKeys(keys, page), renderWithinBudget(archiveChannel, summaries, options.maxBytes));
}

/** The subscription documents: the newest items, `prev-archive` to the newest archive page if any. */
export function renderCurrentDocument(channel: FeedChannel, keys: FeedKeys, items: FeedItem[], pageCount: number, options: FeedSetOptions): RenderedObject[] {
  const current: FeedChannel =
    pageCount > 0 ? { ...channel, archiveLinks: { prevArchive: feedUrls(options.baseUrl, archiveFeedKeys(keys, pageCount)) } } : channel;
  return objectsOf(keys, renderWithinBudget(current, items, options.maxBytes));
}

/**
 * One subscription feed with its RFC 5005 archive: the archive documents, newest page first (a new page
 * exists before the page that links to it with `next-archive`), then the current documents, which link
 * the newest page with `prev-archive`.
 */
export function renderFeedSet(channel: FeedChannel, keys: FeedKeys, items: FeedItem[], options: FeedSetOptions): RenderedObject[] {
  const { current, pages } = splitArchive(items, options.size, options.archivePageSize);
  const archives: RenderedObject[] = [];
  for (let page = pages.length; page >= 1; page--) archives.push(...renderArchiveDocument(channel, keys, page, pages.length, pages[page - 1] ?? [], options));
  return [...archives, ...renderCurrentDocument(channel, keys, current, pages.length, options)];
}

/**
 * Three objects (one per format) rendered together on first use, since the byte budget applies to the
 * largest format; each body is handed out once and then dropped.
 */
function plannedFormats(keys: FeedKeys, signature: string, render: () => RenderedObject[], source: (() => RenderSource) | undefined): PlannedObject[] {
  let bodies: Map<string, string> | undefined;
  const take = (key: string) => {
    bodies ??= new Map(render().map((o) => [o.key, o.body]));
    const body = bodies.get(key) as string;
    bodies.delete(key);
    return body;
  };
  return [keys.rss, keys.atom, keys.json].map((key) => (source ? { key, signature, render: () => take(key), source } : { key, signature, render: () => take(key) }));
}

/**
 * `renderFeedSet`, planned: same objects in the same order, each signed by what it is made from. An
 * archive page's signature names only whether a newer page exists (its `next-archive` link), never the
 * page count, so adding articles leaves every full archive page's signature as it was.
 */
export function planFeedSet(
  channel: FeedChannel,
  keys: FeedKeys,
  items: FeedItem[],
  options: FeedSetOptions,
  sign: Signer,
  /** Give each object its `source` (for a render unit on another worker). */
  withSources = false,
  /** The article of an item whose content is still in its source (see `SiteArticle.contentFrom`). */
  unloaded: (item: FeedItem) => SiteArticle | undefined = () => undefined,
): PlannedObject[] {
  const { current, pages } = splitArchive(items, options.size, options.archivePageSize);
  const planned: PlannedObject[] = [];
  const setPrint = JSON.stringify([channel, keys, options]);
  const signArchive = sign.after('archive', setPrint);
  for (let page = pages.length; page >= 1; page--) {
    const pageItems = pages[page - 1] ?? [];
    const archiveKeys = archiveFeedKeys(keys, page);
    // Archives show items without their content: signed so, an item read with or without it signs alike.
    const signature = signArchive(page, page < pages.length, pageItems.map(contentFreePrint));
    const source = withSources ? (): RenderSource => ({ kind: 'archive', channel, keys, page, pageCount: pages.length, items: pageItems.map(withoutContent), options }) : undefined;
    planned.push(...plannedFormats(archiveKeys, signature, () => renderArchiveDocument(channel, keys, page, pages.length, pageItems, options), source));
  }
  // A summary-only feed shows no content: signed without it, so an item read with or without it signs alike.
  const summaryOnly = channel.content === 'summary';
  const signature = sign('current', setPrint, pages.length, current.map(summaryOnly ? contentFreePrint : itemPrint));
  // Members a large run did not keep, with their place among the items: read again just before the
  // document renders (nothing to read when the feed shows summaries only).
  const unkept = summaryOnly ? [] : current.flatMap((item, at) => {
    const article = unloaded(item);
    return article ? [{ article, at }] : [];
  });
  const loads = unkept.map((u) => u.article);
  const render = () => {
    const missing = loads.find((a) => a.contentFrom !== undefined);
    if (missing?.contentFrom) throw new FeedRenderError(channel.feedUrls.rss, 'contentHtml', `its content was not loaded from ${missing.contentFrom.source}`, missing.item.id);
    return renderCurrentDocument(channel, keys, current, pages.length, options);
  };
  const source = withSources
    ? (): RenderSource => {
        const contentFrom = unkept.flatMap(({ article, at }) => (article.contentFrom ? [{ ...article.contentFrom, slug: article.slug, item: at }] : []));
        return { kind: 'current', channel, keys, pageCount: pages.length, items: current, options, ...(contentFrom.length > 0 ? { contentFrom } : {}) };
      }
    : undefined;
  const objects = plannedFormats(keys, signature, render, source);
  if (loads.length > 0) for (const object of objects) object.loads = loads;
  planned.push(...objects);
  return planned;
}
