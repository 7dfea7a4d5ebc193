import { formatOf } from '../articles/source-format.js';
import { RSS_HEAD_BYTES, namesFeedwrightAsGenerator } from '../feeds/feed-generator.js';
import { SITE_FEED_KEYS } from '../feeds/site-paths.js';
import { keyLocation, LocationError, type ScanResult, type Store } from '../storage/store.js';

const SITE_FEEDS = [SITE_FEED_KEYS.rss, SITE_FEED_KEYS.atom, SITE_FEED_KEYS.json];

/**
 * Refuses an input whose listing holds a site Feedwright published: `--input .` in a project folder read
 * `public/index.html`, `public/robots.txt` and every published page as articles. A folder is such a site
 * when it holds the three site feeds every Feedwright site has and its RSS feed names Feedwright as the
 * generator (the signal the location checks use for an input that is a site); only that one file is read
 * per candidate folder, outermost first, so a site's category and digest folders are never read.
 */
export async function assertNoSiteInInput(input: Store, scan: ScanResult): Promise<void> {
  const candidates = siteFeedFolders(scan.versions);
  for (const folder of candidates) {
    if (!(await namesFeedwright(input, `${folder}${SITE_FEED_KEYS.rss}`))) continue;
    const site = keyLocation(input, folder);
    const where = folder === '' ? `the input ${input.description} is` : `${site} inside the input ${input.description} is`;
    throw new LocationError(
      `${where} a site Feedwright publishes (it holds ${SITE_FEEDS.join(', ')} written by Feedwright): its pages and feeds would be published as articles; ${suggestion(input, scan, folder)}`,
      { path: site },
    );
  }
}

/** Folders (as key prefixes: `''`, `public/`) holding all three site feeds, outermost first. */
function siteFeedFolders(versions: Map<string, string>): string[] {
  const folders: string[] = [];
  for (const key of versions.keys()) {
    if (key !== SITE_FEED_KEYS.rss && !key.endsWith(`/${SITE_FEED_KEYS.rss}`)) continue;
    const folder = key.slice(0, key.length - SITE_FEED_KEYS.rss.length);
    if (versions.has(`${folder}${SITE_FEED_KEYS.atom}`) && versions.has(`${folder}${SITE_FEED_KEYS.json}`)) folders.push(folder);
  }
  return folders.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
}

async function namesFeedwright(input: Store, rssKey: string): Promise<boolean> {
  const bytes = await input.read(rssKey);
  if (bytes === null) return false;
  return namesFeedwrightAsGenerator(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, RSS_HEAD_BYTES)).toString('utf8'));
}

/** Where the articles seem to be: the first top-level folder holding sources outside the site. */
function suggestion(input: Store, scan: ScanResult, site: string): string {
  for (const key of scan.versions.keys()) {
    if (key.startsWith(site)) continue;
    const slash = key.indexOf('/');
    if (slash === -1 || formatOf(key) === undefined) continue;
    return `give the input the folder of your articles (${keyLocation(input, key.slice(0, slash))}?) instead`;
  }
  return 'give the input the folder of your articles instead, one that holds no published site';
}
