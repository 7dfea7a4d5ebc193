import type { Config, DigestConfig } from '../config/config.js';
import {
  absoluteUrl,
  archiveFeedKeys,
  EMPTY_FEED_UPDATED,
  FEED_STYLESHEET_KEY,
  type FeedChannel,
  type FeedItem,
  type FeedSetOptions,
  feedUrls,
  type RenderedFeeds,
  type RenderedObject,
  renderArchiveDocument,
  renderCurrentDocument,
  renderFeeds,
  splitArchive,
} from '../feeds/index.js';
import type { IssueRecord } from './digest-state.js';
import { type DigestIssue, digestChannelTitle } from './build-issue.js';
import { digestFeedKeys, digestIndexKey } from './digest-paths.js';
import { renderIssueBodyHtml } from './render-html.js';

const SUMMARY_TITLES = 10;

/** Plain-text entry summary: the count and the first few article titles. */
export function issueSummary(issue: DigestIssue): string {
  const titles = issue.sections.flatMap((s) => s.articles.map((a) => a.title.replace(/\s+/g, ' ').trim()));
  if (titles.length === 0) return 'No new articles in this period.';
  const shown = titles.slice(0, SUMMARY_TITLES).join('; ');
  const more = titles.length > SUMMARY_TITLES ? `; and ${titles.length - SUMMARY_TITLES} more` : '';
  return `${titles.length === 1 ? '1 new article' : `${titles.length} new articles`}: ${shown}${more}.`;
}

/** One feed entry per issue; id and dates come from the issue, so a reader never sees it twice. */
export function issueFeedItem(issue: DigestIssue): FeedItem {
  const categories = [...new Set(issue.sections.flatMap((s) => s.articles.flatMap((a) => a.categories)))].sort();
  return {
    id: issue.id,
    title: issue.title,
    url: issue.url,
    summary: issueSummary(issue),
    contentHtml: renderIssueBodyHtml(issue),
    published: issue.scheduled,
    updated: issue.scheduled,
    authors: [],
    categories,
    lang: issue.language,
  };
}

export function digestChannel(config: Config, digest: DigestConfig, updated: string): FeedChannel {
  return {
    ...(config.feed.hub ? { hubs: [config.feed.hub] } : {}),
    ...(config.feed.stylesheet ? { stylesheet: absoluteUrl(config.site.baseUrl, FEED_STYLESHEET_KEY) } : {}),
    id: absoluteUrl(config.site.baseUrl, digestIndexKey(digest.id)),
    title: digestChannelTitle(config, digest),
    description: `${digestChannelTitle(config, digest)}: new articles from ${config.site.title}`,
    homePageUrl: absoluteUrl(config.site.baseUrl, digestIndexKey(digest.id)),
    feedUrls: feedUrls(config.site.baseUrl, digestFeedKeys(digest.id)),
    language: config.site.language,
    authors: config.site.author ? [config.site.author] : [],
    updated,
  };
}

/**
 * RSS, Atom and JSON Feed of a digest, without archives: the newest `config.feed.size` issues, newest first.
 * Feed-level `updated` is the newest issue's scheduled time, never the clock.
 */
export function renderDigestFeeds(config: Config, digest: DigestConfig, issues: DigestIssue[]): RenderedFeeds {
  const newest = [...issues]
    .sort((a, b) => Date.parse(b.scheduled) - Date.parse(a.scheduled))
    .slice(0, config.feed.size);
  const updated = newest[0]?.scheduled ?? EMPTY_FEED_UPDATED;
  return renderFeeds(digestChannel(config, digest, updated), newest.map(issueFeedItem));
}

/**
 * The digest's feed documents with their RFC 5005 archive, like the site's feeds. Issues are frozen, so an
 * archive page older than the newest one already published never changes: while its copies are verified
 * (`trusted`) it is neither read nor rendered again, and a run reads only the issues it shows.
 */
export async function digestFeedObjects(
  config: Config,
  digest: DigestConfig,
  recordsNewestFirst: IssueRecord[],
  issueOf: (record: IssueRecord) => Promise<DigestIssue | null>,
  listed: Map<string, string>,
  trusted: Record<string, string>,
): Promise<RenderedObject[]> {
  const keys = digestFeedKeys(digest.id);
  const options: FeedSetOptions = { baseUrl: config.site.baseUrl, size: config.feed.size, archivePageSize: config.feed.archivePageSize, maxBytes: config.feed.maxBytes };
  const { current, pages } = splitArchive(recordsNewestFirst, options.size, options.archivePageSize);
  const channel = digestChannel(config, digest, EMPTY_FEED_UPDATED);
  const itemsOf = async (records: IssueRecord[]) => {
    const items: FeedItem[] = [];
    for (const record of records) {
      const issue = await issueOf(record);
      if (issue) items.push(issueFeedItem(issue));
    }
    return items;
  };
  let publishedPages = 0;
  while (listed.has(archiveFeedKeys(keys, publishedPages + 1).rss)) publishedPages++;
  const objects: RenderedObject[] = [];
  for (let page = pages.length; page >= 1; page--) {
    const pageKeys = archiveFeedKeys(keys, page);
    const settled = page < publishedPages && [pageKeys.rss, pageKeys.atom, pageKeys.json].every((k) => k in trusted);
    if (settled) continue;
    objects.push(...renderArchiveDocument(channel, keys, page, pages.length, await itemsOf(pages[page - 1] ?? []), options));
  }
  objects.push(...renderCurrentDocument(channel, keys, await itemsOf(current), pages.length, options));
  return objects;
}
