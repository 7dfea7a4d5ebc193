import type { Config, DigestConfig } from '../config/config.js';
import { absoluteUrl, EMPTY_FEED_UPDATED, type FeedChannel, type FeedItem, feedUrls, type RenderedFeeds, renderFeeds } from '../feeds/index.js';
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
 * RSS, Atom and JSON Feed of a digest: the newest `config.feed.size` issues, newest first.
 * Feed-level `updated` is the newest issue's scheduled time, never the clock.
 */
export function renderDigestFeeds(config: Config, digest: DigestConfig, issues: DigestIssue[]): RenderedFeeds {
  const newest = [...issues]
    .sort((a, b) => Date.parse(b.scheduled) - Date.parse(a.scheduled))
    .slice(0, config.feed.size);
  const updated = newest[0]?.scheduled ?? EMPTY_FEED_UPDATED;
  return renderFeeds(digestChannel(config, digest, updated), newest.map(issueFeedItem));
}
