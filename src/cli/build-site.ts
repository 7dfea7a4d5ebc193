import type { Config } from '../config/config.js';
import type { FeedwrightError } from '../errors/index.js';
import type { PublishedSite, PublishOptions } from '../publish/publish.js';
import { listSources, publishUnlessUnchanged, siteInputVersion, type SourceListing } from '../publish/quick-check.js';
import type { ScanResult } from '../storage/store.js';
import type { RunReport } from '../publish/run-report.js';
import { digestFeedKeys } from '../digest/digest-paths.js';
import type { DigestDeps, LoadItems } from '../digest/issue-digest.js';
import type { SiteDeps } from './site-deps.js';

export interface BuildOptions extends PublishOptions {
  skipDigests?: boolean;
}

export interface BuildResult {
  publish: RunReport;
  digests: { id: string; report: RunReport }[];
  /** A digest's own failure (its state, an issue record): the site was still published. */
  digestFailures: { id: string; error: FeedwrightError }[];
  /** The instant every digest issued for. */
  at: Date;
}

/**
 * `feedwright build` and every `serve` rebuild: the site, then every configured digest due now.
 * The publish pipeline and the digests' modules are imported only when they run: a site where nothing
 * changed is answered by the quick check alone (quick-check.ts), without loading parsers and renderers.
 *
 * The site first: a run its guards refuse (another site's output, most articles gone) must change nothing,
 * and digests issued before it wrote into that output all the same. The index and OPML list a digest's
 * feeds once its first issue exists, so a run that issues a digest's first issue publishes the site again
 * (once in each digest's life; that second run finds every other object unchanged).
 */
export async function buildSite(config: Config, deps: SiteDeps, options: BuildOptions): Promise<BuildResult> {
  const { skipDigests, onListed, ...publishOptions } = options;
  const digests: BuildResult['digests'] = [];
  const digestFailures: BuildResult['digestFailures'] = [];
  // One clock reading for every digest, so they all issue for the same instant.
  const at = deps.clock();
  const listing = await listSources(deps.input);
  // Told here; not again by the publish's quick check (left out above).
  onListed?.(listing.versions.size);
  // What the last publish published, when it ran in full: the digests take it instead of loading the site.
  let published: PublishedSite | undefined;
  const checksDigests = !skipDigests && config.digests.length > 0;
  const publishRunOptions = checksDigests ? { ...publishOptions, onPublished: (site: PublishedSite) => void (published = site) } : publishOptions;
  const publish = () =>
    publishUnlessUnchanged(deps, publishRunOptions, listing, async (snapshot) => (await import('../publish/publish.js')).publishChanged(deps, publishRunOptions, snapshot));
  let report = await publish();
  if (!checksDigests) return { publish: report, digests, digestFailures, at };
  const issuedBefore = await issuedDigestFeeds(config, deps);
  await issueDigests(config, deps, options, at, listing, published, digests, digestFailures);
  if (!options.dryRun && (await issuedDigestFeeds(config, deps)) > issuedBefore) {
    report = oneRun(report, await publish());
    // That publish rewrote the publisher state, which a digest's note of an empty window is keyed on: each
    // digest takes its note again now (nothing else is due), or the next run, with nothing changed, would.
    const again: BuildResult['digests'] = [];
    await issueDigests(config, deps, options, at, listing, published, again, []);
    for (const { id, report: second } of again) {
      const first = digests.find((d) => d.id === id);
      if (first) first.report = { ...first.report, stateWritten: [...new Set([...first.report.stateWritten, ...second.stateWritten])].sort() };
    }
  }
  return { publish: report, digests, digestFailures, at };
}

/** The two publishes of a run that issued a digest's first issue, reported as the one run the user asked for. */
function oneRun(first: RunReport, second: RunReport): RunReport {
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
  const written = union(first.written, second.written);
  const again = new Set(second.written);
  const websub = first.websub || second.websub ? { notified: union(first.websub?.notified ?? [], second.websub?.notified ?? []), failed: [...(first.websub?.failed ?? []), ...(second.websub?.failed ?? [])] } : undefined;
  return {
    ...second,
    ...(first.moved ? { moved: first.moved } : {}),
    written,
    stateWritten: union(first.stateWritten.filter((key) => !replacedShard(key, second.stateWritten)), second.stateWritten),
    deleted: union(first.deleted, second.deleted),
    // The second run found the first run's objects unchanged.
    unchanged: second.unchanged - first.written.filter((key) => !again.has(key)).length,
    durationMs: first.durationMs + second.durationMs,
    ...(websub ? { websub } : {}),
  };
}

// A state shard the first publish wrote and the second replaced (same index, new content name) is gone.
const SHARD_INDEX = /^shards\/(\d+)-/;
function replacedShard(key: string, later: string[]): boolean {
  const index = SHARD_INDEX.exec(key)?.[1];
  return index !== undefined && later.some((k) => k !== key && SHARD_INDEX.exec(k)?.[1] === index);
}

// The input as the site sees it (article sources and the files they may reference), from the listing the
// publish made: a daily digest whose window is empty asks on every run, and a second scan of the input
// would cost a quiet site's no-change run as much again.
function scanOf(listing: SourceListing): ScanResult {
  return { versions: new Map([...listing.versions, ...listing.files]), skipped: listing.skipped.map((s) => ({ key: s.path, reason: s.reason })) };
}

/** How many digests have their RSS feed in the output (each feed is written with the digest's first issue). */
async function issuedDigestFeeds(config: Config, deps: SiteDeps): Promise<number> {
  let issued = 0;
  for (const digest of config.digests) {
    const feed = digestFeedKeys(digest.id).rss;
    if ((await deps.output.listVersions(feed)).has(feed)) issued++;
  }
  return issued;
}

async function issueDigests(
  config: Config,
  deps: SiteDeps,
  options: BuildOptions,
  at: Date,
  listing: SourceListing,
  published: PublishedSite | undefined,
  digests: BuildResult['digests'],
  digestFailures: BuildResult['digestFailures'],
): Promise<void> {
  const [{ issueDigest, loadSiteItems }, { DigestStateError }, { IssueParseError }] = await Promise.all([
    import('../digest/index.js'),
    import('../digest/digest-state.js'),
    import('../digest/render-json.js'),
  ]);
  // A digest's own trouble must not keep the site from being published; what would fail the publish
  // too (input, lease, publisher state) stops the run here.
  const isDigestOnlyFailure = (error: unknown): error is FeedwrightError => error instanceof DigestStateError || error instanceof IssueParseError;
  // The published articles, read at most once for all digests (each would otherwise list and load the
  // whole site again), and not at all when this run's publish handed them over; digests never change them.
  let items: ReturnType<LoadItems> | undefined;
  let version: Promise<string> | undefined;
  const digestDeps = {
    ...deps,
    loadItems: (d: DigestDeps) => (items ??= published ? Promise.resolve(published) : loadSiteItems(d)),
    siteVersion: () => (version ??= siteInputVersion(deps, scanOf(listing))),
  };
  const runOptions = { dryRun: options.dryRun === true, force: options.force === true, rebuildState: options.rebuildState === true };
  for (const digest of config.digests) {
    try {
      digests.push({ id: digest.id, report: await issueDigest(digestDeps, { digestId: digest.id, at, ...runOptions }) });
    } catch (error) {
      if (!isDigestOnlyFailure(error)) throw error;
      digestFailures.push({ id: digest.id, error });
    }
  }
}
