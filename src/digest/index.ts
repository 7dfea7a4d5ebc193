export {
  type DigestTiming,
  type DigestWindow,
  type ScheduledTime,
  assertBackfillWithinCap,
  BackfillTooLongError,
  countScheduledTimesBetween,
  InvalidInstantError,
  latestScheduledTimes,
  MAX_BACKFILL_WINDOWS,
  nextScheduledTime,
  previousScheduledTime,
  scheduledTimeAt,
  scheduledTimesBetween,
  windowAt,
  windowFor,
  zonedTimeToInstant,
} from './windows.js';
export {
  type DigestArticle,
  type DigestIssue,
  type DigestSection,
  OTHER_SECTION,
  buildIssue,
  digestChannelTitle,
  digestName,
  displayIssueDate,
  issueId,
} from './build-issue.js';
export { renderDigestIndexHtml, renderIssueBodyHtml, renderIssueHtml, type IssueListing } from './render-html.js';
export { escapeMarkdown, renderIssueMarkdown } from './render-markdown.js';
export { renderIssueText, wrapText } from './render-text.js';
export { DigestIssueSchema, IssueParseError, parseIssueJson, renderIssueJson } from './render-json.js';
export { digestChannel, issueFeedItem, issueSummary, renderDigestFeeds } from './digest-feeds.js';
export { digestFeedKeys, digestIndexKey, digestPrefix, digestStateKey, issueKey, type IssueFormat } from './digest-paths.js';
export { type DigestState, DigestStateError, type IssueRecord, parseDigestState, serializeDigestState } from './digest-state.js';
export { type DigestDeps, type DigestOptions, DigestNotFoundError, type LoadItems, assertNotAhead, findDigest, issueDigest, loadSiteItems } from './issue-digest.js';
export { DigestIdSchema, MAX_DIGEST_ID_LENGTH } from './digest-id.js';
