import type { Config } from '../config/config.js';
import type { FeedwrightError } from '../errors/index.js';
import type { PublishOptions } from '../publish/publish.js';
import { publishUnlessUnchanged, siteInputVersion, sourceListing } from '../publish/quick-check.js';
import type { RunReport } from '../publish/run-report.js';
import type { ScanResult } from '../storage/store.js';
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
 */
export async function buildSite(config: Config, deps: SiteDeps, options: BuildOptions): Promise<BuildResult> {
  const { skipDigests, onListed, ...publishOptions } = options;
  const digests: BuildResult['digests'] = [];
  const digestFailures: BuildResult['digestFailures'] = [];
  // One clock reading for every digest, so they all issue for the same instant.
  const at = deps.clock();
  // One scan of the input for the digests' site version and the publish (each made its own).
  // Let go once the digests are issued: the publish has its own listing of the articles, and the scan's
  // map of every input file (100,000 entries in a large site) is not held through the publish.
  let scan: ScanResult | undefined = await deps.input.scan('');
  const listing = sourceListing(scan);
  // Told here, before the digests load the site; not again by the publish's quick check (left out above).
  onListed?.(listing.versions.size);
  const publish = () =>
    publishUnlessUnchanged(deps, publishOptions, listing, async (snapshot) =>
      (await import('../publish/publish.js')).publishChanged(deps, publishOptions, snapshot),
    );
  const issueAll = async () => {
    const scanned = scan;
    scan = undefined;
    if (skipDigests || config.digests.length === 0 || scanned === undefined) return;
    await issueDigests(config, deps, options, at, scanned, digests, digestFailures);
  };
  let report: RunReport;
  if (options.rebuildState) {
    // Digests read the publisher state: rebuild it first.
    report = await publish();
    await issueAll();
  } else {
    // Digests first, so the site's index and OPML (written by publish) can list every digest feed.
    await issueAll();
    report = await publish();
  }
  return { publish: report, digests, digestFailures, at };
}

async function issueDigests(
  config: Config,
  deps: SiteDeps,
  options: BuildOptions,
  at: Date,
  scan: ScanResult,
  digests: BuildResult['digests'],
  digestFailures: BuildResult['digestFailures'],
): Promise<void> {
  const [{ issueDigest }, { loadSite }, { DigestStateError }, { IssueParseError }] = await Promise.all([
    import('../digest/index.js'),
    import('../publish/load-site.js'),
    import('../digest/digest-state.js'),
    import('../digest/render-json.js'),
  ]);
  // A digest's own trouble must not keep the site from being published; what would fail the publish
  // too (input, lease, publisher state) stops the run here.
  const isDigestOnlyFailure = (error: unknown): error is FeedwrightError => error instanceof DigestStateError || error instanceof IssueParseError;
  // The published articles, read at most once for all digests (each would otherwise list and load the
  // whole site again); digests never change what it reads.
  let items: ReturnType<typeof loadSite> | undefined;
  let version: Promise<string> | undefined;
  const digestDeps = { ...deps, loadItems: (d: Parameters<typeof loadSite>[0]) => (items ??= loadSite(d)), siteVersion: () => (version ??= siteInputVersion(deps, scan)) };
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
