import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import { digestChannelTitle, digestFeedKeys } from '../digest/index.js';
import { type FeedListing, type SiteArticle, type SiteInfo, absoluteUrl, articlePageKey, renderSite } from '../feeds/index.js';
import type { Store } from '../storage/store.js';
import { isArticleKey, prepareSite, renderKey } from './load-site.js';
import type { Logger } from './logger.js';
import type { RunReport } from './run-report.js';
import { STATE_KEY, SUMMARY_KEY, type PublishState, type RunSummary, readRunSummary, readState, serializeState } from './state.js';
import { sha256, syncObjects, writeIfChanged } from './sync-objects.js';

export interface PublishDeps {
  config: Config;
  input: Store;
  output: Store;
  /** Private state (publisher and digests), never inside `output`. Defaults to `output` until every adapter passes one. */
  state?: Store;
  clock: Clock;
  log: Logger;
}

export interface PublishOptions {
  /** Lets a run remove more than `maxDeleteShare` of the published articles (or all of them). */
  allowMassDelete?: boolean;
  /** Rebuild the state from the sources and the published output (first-seen dates the feeds show). */
  rebuildState?: boolean;
  /** Compute everything, write nothing; the report lists what would be written. */
  dryRun?: boolean;
  /** Rewrite every object even if unchanged. */
  force?: boolean;
}

// Objects of other use cases (digests) live under these prefixes; the publisher never deletes them.
const FOREIGN_PREFIXES = ['digests/', '_feedwright/'];

function siteInfo(config: Config, digestFeeds: FeedListing[]): SiteInfo {
  return {
    title: config.site.title,
    description: config.site.description,
    language: config.site.language,
    baseUrl: config.site.baseUrl,
    ...(config.site.author ? { author: config.site.author } : {}),
    feedSize: config.feed.size,
    digestFeeds,
  };
}

/**
 * The publish use case: articles from `input` → pages, feeds, OPML and index in `output`.
 * Order keeps readers safe: pages first, feeds next, index, then stale deletes, and the state last, so
 * a run that dies midway leaves the previous feeds valid and the next run converges.
 */
export async function publishSite(deps: PublishDeps, options: PublishOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const { config, output, log } = deps;
  const sourceVersions = new Map([...(await deps.input.listVersions(''))].filter(([key]) => isArticleKey(key)));
  const present = new Set(await output.list(''));
  // Only digests that have been issued at least once are listed, so OPML never points at a missing feed.
  const digestFeeds: FeedListing[] = config.digests
    .filter((d) => present.has(digestFeedKeys(d.id).rss))
    .map((d) => {
      const htmlKey = `digests/${d.id}/index.html`;
      return { title: digestChannelTitle(config, d), keys: digestFeedKeys(d.id), htmlUrl: absoluteUrl(config.site.baseUrl, htmlKey), htmlKey };
    });
  const fingerprint = sha256(JSON.stringify([renderKey(config), [...sourceVersions], digestFeeds.map((d) => d.keys.rss)]));

  // Nothing the output depends on changed, and every object the last run published is still there: no
  // source needs reading and nothing is rendered; only the small run summary is read, not the state.
  // This keeps frequent scheduled runs cheap (one listing per store).
  const last = options.force ? null : await readRunSummary(output);
  if (last && present.has(STATE_KEY) && last.inputFingerprint === fingerprint && last.objectKeys.every((key) => present.has(key))) {
    const report: RunReport = {
      action: 'publish',
      articles: last.articles,
      rejected: last.rejected,
      written: [],
      unchanged: last.objectKeys.length,
      deleted: [],
      durationMs: Math.round(performance.now() - started),
      dryRun: options.dryRun ?? false,
    };
    log.info('publish finished: no input changed', { articles: report.articles, unchanged: report.unchanged, durationMs: report.durationMs });
    return report;
  }
  const state = await readState(output);

  // A page is rendered when its article changed, or when the page is missing or was never recorded.
  const pageIsCurrent = (a: SiteArticle) => {
    const key = articlePageKey(a.slug);
    return present.has(key) && key in state.objects;
  };
  const site = await prepareSite(deps, state, sourceVersions, {
    ...(options.force ? { force: true } : {}),
    needsContent: (a) => !pageIsCurrent(a),
  });
  for (const r of site.rejected) log.warn('article rejected', { path: r.path, reason: r.reason });
  const renderPage = (a: SiteArticle) => site.changed.has(a) || !pageIsCurrent(a);
  // Pages not rendered keep the hash the previous run recorded, so they are neither rewritten nor deleted.
  const kept: Record<string, string> = {};
  for (const a of site.articles) {
    if (!renderPage(a)) kept[articlePageKey(a.slug)] = state.objects[articlePageKey(a.slug)] as string;
  }

  const objects = renderSite(siteInfo(config, digestFeeds), site.articles, renderPage);
  const sync = await syncObjects({
    store: output,
    objects,
    previousHashes: state.objects,
    present,
    log,
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.force ? { force: true } : {}),
  });

  const hashes = { ...kept, ...sync.hashes };
  const deleted: string[] = [];
  for (const key of Object.keys(state.objects).sort()) {
    if (key in hashes || FOREIGN_PREFIXES.some((p) => key.startsWith(p))) continue;
    if (!options.dryRun) await output.delete(key);
    deleted.push(key);
  }

  const next: PublishState = {
    version: 1,
    inputFingerprint: fingerprint,
    rejected: site.rejected,
    renderKey: site.renderKey,
    sources: site.sources,
    items: site.items,
    articles: site.records,
    summaryKey: site.summaryKey,
    objects: hashes,
  };
  const written = [...sync.written];
  // Re-serializing the state we read reproduces its bytes, so this compares without a second read.
  if (await writeIfChanged(output, STATE_KEY, serializeState(next), present.has(STATE_KEY) ? serializeState(state) : null, options)) {
    written.push(STATE_KEY);
  }
  // After the state: a summary never vouches for a state that was not written.
  const summary: RunSummary = { inputFingerprint: fingerprint, objectKeys: Object.keys(hashes).sort(), articles: site.articles.length, rejected: site.rejected };
  const previousSummary = await output.read(SUMMARY_KEY);
  if (await writeIfChanged(output, SUMMARY_KEY, `${JSON.stringify(summary)}\n`, previousSummary && new TextDecoder().decode(previousSummary), options)) {
    written.push(SUMMARY_KEY);
  }

  const report: RunReport = {
    action: 'publish',
    articles: site.articles.length,
    rejected: site.rejected,
    written,
    unchanged: sync.unchanged + Object.keys(kept).length,
    deleted,
    durationMs: Math.round(performance.now() - started),
    dryRun: options.dryRun ?? false,
  };
  log.info('publish finished', { articles: report.articles, rejected: report.rejected.length, written: written.length, unchanged: report.unchanged, deleted: deleted.length, durationMs: report.durationMs });
  return report;
}
