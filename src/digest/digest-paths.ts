import type { FeedKeys } from '../feeds/index.js';

/** Object keys of everything one digest publishes; every key hangs off `digests/<id>/`. */
export function digestPrefix(digestId: string): string {
  return `digests/${digestId}/`;
}

export type IssueFormat = 'html' | 'md' | 'txt' | 'json';

export function issueKey(digestId: string, date: string, format: IssueFormat): string {
  return `${digestPrefix(digestId)}${date}.${format}`;
}

export function digestIndexKey(digestId: string): string {
  return `${digestPrefix(digestId)}index.html`;
}

/** The digest's own sitemap (its index pages and issue pages), named in `robots.txt` by the site publish. */
export function digestSitemapKey(digestId: string): string {
  return `${digestPrefix(digestId)}sitemap.xml`;
}

export function digestFeedKeys(digestId: string): FeedKeys {
  const dir = digestPrefix(digestId);
  return { rss: `${dir}feed.xml`, atom: `${dir}atom.xml`, json: `${dir}feed.json` };
}

/** In the state store (never the public output), apart from the publisher's `state.json`. */
/** The state folder of every digest's state object. */
export const DIGEST_STATE_PREFIX = 'digests/';

export function digestStateKey(digestId: string): string {
  return `${DIGEST_STATE_PREFIX}${digestId}.json`;
}

/** Where sites published before the state left the output kept it: read once to migrate. */
export function legacyDigestStateKey(digestId: string): string {
  return `_feedwright/digests/${digestId}.json`;
}
