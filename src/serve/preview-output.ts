import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FeedwrightError, truncateForLog } from '../errors/index.js';
import { readRssHead } from '../storage/feedwright-folders.js';
import { SITE_FEED_KEYS } from '../feeds/site-paths.js';
import { fsErrorCode } from '../storage/fs-error-code.js';

/**
 * The file that marks a folder as `serve`'s own preview output. Hidden: never served, and outside the
 * publisher's namespace, so no build deletes it.
 */
export const PREVIEW_MARKER = '.feedwright-preview';

const MARKER_TEXT = 'Made by `feedwright serve`: a local preview with http://127.0.0.1 links, not a site to publish.\n';

/**
 * `serve --out` names a folder serve did not make: a published site, or anything else. A preview rewrites
 * its output with http://127.0.0.1 links and removes every article the input no longer has, so it never
 * writes where something else lives.
 */
export class PreviewOutputError extends FeedwrightError {
  override readonly name = 'PreviewOutputError' as const;
  readonly code = 'preview-output-refused';
  override readonly exitCode = 2;
  constructor(
    readonly output: string,
    reason: string,
  ) {
    super(
      `refusing to preview into ${output}: ${reason}; nothing was changed. serve rewrites its output with http://127.0.0.1 links: ` +
        'give --out a new or empty folder (or one an earlier serve made), or leave --out out to use a temporary folder',
    );
  }
}

/**
 * Throws PreviewOutputError unless `dir` is missing, empty, or marked as an earlier preview whose site feed
 * (if any) links to a loopback address, and refuses any of these when `buildState` (where `build --out dir`
 * keeps its state) records a run: a site was published there (over an earlier preview, or its pages were
 * removed since). Previews keep their state elsewhere, so they never leave such a record.
 */
export async function checkPreviewOutput(dir: string, buildState: string): Promise<void> {
  for (const name of ['state.json', 'output-claim.json']) {
    if (await isFile(join(buildState, name))) throw new PreviewOutputError(dir, `the state beside it (${buildState}) records a site Feedwright published there`);
  }
  const names = await namesIn(dir);
  if (names.length === 0) return;
  if (names.includes(PREVIEW_MARKER)) {
    // The marker outlives what made it: a site published into the folder since (its state kept elsewhere)
    // keeps it, and was rewritten with 127.0.0.1 links and lost its articles. The site's own feed says whose it is.
    const link = siteFeedLink(join(dir, SITE_FEED_KEYS.rss));
    if (link === undefined || isPreviewUrl(link)) return;
    throw new PreviewOutputError(dir, `its ${SITE_FEED_KEYS.rss} links to ${truncateForLog(link, 80)}, not to a local preview: a site was published there since serve marked it (${PREVIEW_MARKER})`);
  }
  const examples = names.sort().slice(0, 3).map((n) => JSON.stringify(truncateForLog(n, 60))).join(', ');
  throw new PreviewOutputError(dir, `it holds files serve did not make (${names.length} ${names.length === 1 ? 'entry' : 'entries'}: ${examples}${names.length > 3 ? ', …' : ''})`);
}

/** Marks `dir` (made if missing) as a preview output: a later `serve --out` may reuse it. */
export async function markPreviewOutput(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(join(dir, PREVIEW_MARKER), MARKER_TEXT, { flag: 'wx' });
  } catch (error) {
    if (fsErrorCode(error) !== 'EEXIST') throw error;
  }
}

/** The channel's `<link>` of an RSS feed (its site's address); '' when it has none; undefined without a feed. */
function siteFeedLink(rssFile: string): string | undefined {
  const head = readRssHead(rssFile);
  if (head === undefined) return undefined;
  // The channel's own link, before the first item (whose links are the articles').
  const channel = head.split('<item>')[0] ?? '';
  return /<link>([^<]*)<\/link>/.exec(channel)?.[1]?.trim() ?? '';
}

/** A preview's base URL: http on the loopback addresses serve answers on. */
function isPreviewUrl(link: string): boolean {
  try {
    const url = new URL(link);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (fsErrorCode(error) === 'ENOENT') return [];
    throw error;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
