import type { Config } from '../config/config.js';
import { DigestStateError } from '../digest/digest-state.js';
import { issueDigest } from '../digest/index.js';
import type { LoadItems } from '../digest/issue-digest.js';
import { loadSite, siteInputVersion } from '../publish/load-site.js';
import { IssueParseError } from '../digest/render-json.js';
import type { FeedwrightError } from '../errors/index.js';
import { publishSite, type PublishOptions } from '../publish/publish.js';
import type { RunReport } from '../publish/run-report.js';
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

function isDigestOnlyFailure(error: unknown): error is FeedwrightError {
  return error instanceof DigestStateError || error instanceof IssueParseError;
}

/** `feedwright build` and every `serve` rebuild: the site, then every configured digest due now. */
export async function buildSite(config: Config, deps: SiteDeps, options: BuildOptions): Promise<BuildResult> {
  const { skipDigests, ...publishOptions } = options;
  const runOptions = { dryRun: options.dryRun === true, force: options.force === true };
  const digests: BuildResult['digests'] = [];
  const digestFailures: BuildResult['digestFailures'] = [];
  // One clock reading for every digest, so they all issue for the same instant.
  const at = deps.clock();
  // The published articles, read at most once for all digests (each would otherwise list and load the
  // whole site again); digests never change what it reads.
  let items: ReturnType<LoadItems> | undefined;
  let version: Promise<string> | undefined;
  const digestDeps = { ...deps, loadItems: (d: Parameters<LoadItems>[0]) => (items ??= loadSite(d)), siteVersion: () => (version ??= siteInputVersion(deps)) };
  const issueAll = async () => {
    if (skipDigests) return;
    for (const digest of config.digests) {
      try {
        digests.push({ id: digest.id, report: await issueDigest(digestDeps, { digestId: digest.id, at, ...runOptions, rebuildState: options.rebuildState === true }) });
      } catch (error) {
        // A digest's own trouble must not keep the site from being published; what would fail the
        // publish too (input, lease, publisher state) stops the run here.
        if (!isDigestOnlyFailure(error)) throw error;
        digestFailures.push({ id: digest.id, error });
      }
    }
  };
  let publish: RunReport;
  if (options.rebuildState) {
    // Digests read the publisher state: rebuild it first.
    publish = await publishSite(deps, publishOptions);
    await issueAll();
  } else {
    // Digests first, so the site's index and OPML (written by publish) can list every digest feed.
    await issueAll();
    publish = await publishSite(deps, publishOptions);
  }
  return { publish, digests, digestFailures, at };
}
