import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { RSS_HEAD_BYTES, namesFeedwrightAsGenerator } from '../feeds/feed-generator.js';
import { SITE_FEED_KEYS } from '../feeds/site-paths.js';
import { fsErrorCode } from './fs-error-code.js';
import { realPathOf } from './real-path.js';

/**
 * What marks a local folder as a site Feedwright publishes or as a Feedwright state, read from what
 * Feedwright itself leaves on disk, so a location check can refuse a typo before a run writes anything.
 * The state's file names are spelled out here (storage sits below the publisher that owns them).
 */

/** Where a folder is found to be a Feedwright site or state, and why. */
export interface FeedwrightFolder {
  folder: string;
  evidence: string;
}

/** The state folder every local output has by default is `.feedwright-state/<output name>` beside it. */
export const LOCAL_STATE_FOLDER = '.feedwright-state';

/**
 * Why `absolute` is a site Feedwright publishes, or undefined. Two independent signs, either enough:
 * - its default state beside it holds `state.json` or `output-claim.json` (written before a first run's
 *   first page, so even a site whose first run died counts);
 * - its top level holds the three site feeds every Feedwright site has, and the RSS feed's channel names
 *   Feedwright as its generator. This finds a site whose state is configured elsewhere; requiring the
 *   generator keeps out a Jekyll or Hugo source folder that holds feed templates of the same names.
 */
export function publishedSiteEvidence(absolute: string): string | undefined {
  const siteState = path.join(path.dirname(absolute), LOCAL_STATE_FOLDER, path.basename(absolute));
  if (['state.json', 'output-claim.json'].some((name) => isFile(path.join(siteState, name)))) return `its state is ${siteState}`;
  const feeds = [SITE_FEED_KEYS.rss, SITE_FEED_KEYS.atom, SITE_FEED_KEYS.json];
  if (feeds.every((key) => isFile(path.join(absolute, key))) && generatedByFeedwright(path.join(absolute, SITE_FEED_KEYS.rss))) {
    return `it holds the site feeds Feedwright writes: ${feeds.join(', ')}`;
  }
  return undefined;
}

/**
 * Why `absolute` is (or lies in) a place Feedwright keeps state, or undefined: any `.feedwright-state`
 * folder, or a folder holding `output-claim.json`, or `state.json` beside `shards/` (a state's manifest
 * and its records; `state.json` alone is too common a name to mean anything).
 */
export function stateFolderEvidence(absolute: string): string | undefined {
  if (path.basename(absolute) === LOCAL_STATE_FOLDER) return 'Feedwright keeps its states there';
  if (isFile(path.join(absolute, 'output-claim.json'))) return 'it holds output-claim.json';
  if (isFile(path.join(absolute, 'state.json')) && isFolder(path.join(absolute, 'shards'))) return 'it holds state.json and shards/';
  return undefined;
}

/**
 * The nearest folder at or above `dir` (`self`: counting `dir` itself) for which `evidence` says something,
 * looked for both along the path as given and along its real path: `live/articles` with `live` a link to
 * `public` is inside `public`, and a site published as `srv/current` (a link) keeps its state beside the link.
 */
export function findEnclosing(dir: string, self: boolean, evidence: (absolute: string) => string | undefined): FeedwrightFolder | undefined {
  for (const absolute of new Set([path.resolve(dir), realPathOf(dir)])) {
    for (let folder = self ? absolute : path.dirname(absolute); path.dirname(folder) !== folder; folder = path.dirname(folder)) {
      const found = evidence(folder);
      if (found !== undefined) return { folder, evidence: found };
    }
  }
  return undefined;
}

function generatedByFeedwright(rssFile: string): boolean {
  try {
    const head = readRssHead(rssFile);
    return head !== undefined && namesFeedwrightAsGenerator(head);
  } catch {
    return false;
  }
}

/**
 * The first {@link RSS_HEAD_BYTES} of an RSS file (its channel, before most items) as text, or undefined when
 * there is no such file: what the location checks and `serve --out` read of a feed, never the whole file.
 */
export function readRssHead(rssFile: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(rssFile, 'r');
  } catch (error) {
    if (fsErrorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const bytes = Buffer.alloc(RSS_HEAD_BYTES);
    return bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
