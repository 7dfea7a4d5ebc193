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

export function digestFeedKeys(digestId: string): FeedKeys {
  const dir = digestPrefix(digestId);
  return { rss: `${dir}feed.xml`, atom: `${dir}atom.xml`, json: `${dir}feed.json` };
}

/** Separate from the publisher's `_feedwright/state.json` so a digest run and a publish run never race on one object. */
export function digestStateKey(digestId: string): string {
  return `_feedwright/digests/${digestId}.json`;
}
