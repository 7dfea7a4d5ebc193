import { createHash } from 'node:crypto';
import { formatOf } from '../articles/source-format.js';
import type { Clock } from '../clock/clock.js';
import type { Config, DigestConfig } from '../config/config.js';
import { digestFeedKeys } from '../digest/digest-paths.js';
import { mediaTypeOfPath } from '../feeds/media-type.js';
import type { ScanResult, Store } from '../storage/store.js';
import { SUMMARIZER_VERSION } from '../summarize/version.js';
import { acquireLease } from './lease.js';
import { leaseOwner, ownerMayBeAlive } from './lease-owner.js';
import type { Logger } from './logger.js';
import { isLegacyStateKey, isPublisherKey } from './output-namespace.js';
import type { RunReport } from './run-report.js';
import { LEGACY_STATE_KEY, STATE_KEY, readRunSummary } from './state.js';
import { SHARD_PREFIX } from './state-shards.js';
import { assertNoSiteInInput } from './site-in-input.js';
import { sha256 } from './sync-objects.js';

/*
 * What a publish run looks at before it decides whether there is anything to do: the input's listing,
 * the output's, the state's version tokens and the last run's summary. Kept apart from the publish
 * pipeline (parsers, sanitizer, renderers, schemas) so a caller that can load modules lazily (the CLI)
 * answers a no-change run without loading it: ~80 ms of a 10,000-article no-change build.
 */

/**
 * Bump when rendering changes what is written for the same inputs, so neither the no-change fast path
 * nor the item cache keeps serving output made by an older Feedwright.
 */
export const OUTPUT_FORMAT_VERSION = 8;

/** Everything besides an article's own source that its page and cached item depend on. */
export function renderKey(config: Config): string {
  return sha256(JSON.stringify([OUTPUT_FORMAT_VERSION, SUMMARIZER_VERSION, config]));
}

/** The keys that are article sources: the formats the articles module reads, no hidden files or folders. */
export function isArticleKey(key: string): boolean {
  return formatOf(key) !== undefined;
}

export interface SourceListing {
  /** Article sources and their version tokens. */
  versions: Map<string, string>;
  /** Files an article may reference (images, PDFs, audio, video): published only when referenced. */
  files: Map<string, string>;
  skipped: { path: string; reason: string }[];
}

/**
 * The article sources of the input, and the entries that cannot be read safely (odd names, permissions,
 * links out of the input) as rejections by name. Other files are ignored, not validated. The one listing
 * of the input every run makes (build, serve, the publish and digest functions, digests' items), so it is
 * where an input holding a published site is refused: its pages would be read as articles.
 */
export async function listSources(input: Store): Promise<SourceListing> {
  const scan = await input.scan('');
  await assertNoSiteInInput(input, scan);
  return sourceListing(scan);
}

function sourceListing(scan: ScanResult): SourceListing {
  const versions = new Map<string, string>();
  const files = new Map<string, string>();
  for (const [key, version] of scan.versions) {
    if (isArticleKey(key)) versions.set(key, version);
    else if (mediaTypeOfPath(key) !== undefined) files.set(key, version);
  }
  const skipped = scan.skipped
    .filter((s) => s.key.endsWith('/') || isArticleKey(s.key) || !isPlainName(s.key))
    .map((s) => ({ path: JSON.stringify(s.key).slice(1, -1), reason: s.reason }));
  return { versions, files, skipped };
}

// A name with control characters or backslashes might be an article under another spelling: report it.
function isPlainName(key: string): boolean {
  return !/[\u0000-\u001f\u007f\\]/.test(key);
}

interface SiteStores {
  config: Config;
  input: Store;
  output: Store;
  state: Store;
}

/**
 * A hash of everything `loadSite` reads: the render settings, every input's version token, and the
 * publisher state's tokens (manifest, shards, and the legacy copy in the output). Equal hashes, equal
 * items, except for articles dated after the clock, which no window ending by then can hold.
 * `scan`: the input's scan when the caller has one already.
 */
export async function siteInputVersion(deps: SiteStores, scan?: ScanResult): Promise<string> {
  const input = scan ?? (await deps.input.scan(''));
  const legacy = await deps.output.listVersions(LEGACY_STATE_KEY);
  return sha256(JSON.stringify([renderKey(deps.config), [...input.versions], input.skipped, await stateVersion(deps.state), [...legacy]]));
}

/** Hash of the publisher's part of an output listing: equal listings ⇔ nothing was written, changed or removed. */
export function listingHash(versions: Map<string, string>): string {
  const keys = [...versions.keys()];
  // Listings come sorted already (every store lists in code-unit order): check, sort only if not.
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = (keys[i - 1] as string) < (keys[i] as string);
  if (!sorted) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // The SHA-256 of the JSON text of the sorted [key, token] pairs, fed in pieces: the whole text (~15 MB at
  // 100,000 articles, made at the end of the run, the memory peak) is never held, nor a pair array per key.
  // JSON.stringify escapes lone surrogates, so a piece never ends inside a character's UTF-8 encoding.
  const hash = createHash('sha256');
  let piece = '[';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    piece += `${i === 0 ? '' : ','}[${JSON.stringify(key)},${JSON.stringify(versions.get(key))}]`;
    if (piece.length >= 65_536) {
      hash.update(piece);
      piece = '';
    }
  }
  return hash.update(`${piece}]`).digest('hex');
}

export interface PublisherListing {
  versions: Map<string, string>;
  legacy: string[];
  /** Keys under `digests/` (the digests' own): which digest feeds exist, from the same listing. */
  digestKeys: Set<string>;
}

export async function publisherListing(output: Store): Promise<PublisherListing> {
  const all = await output.listVersions('');
  const versions = new Map<string, string>();
  const legacy: string[] = [];
  const digestKeys = new Set<string>();
  for (const [key, version] of all) {
    if (isPublisherKey(key)) versions.set(key, version);
    else if (isLegacyStateKey(key)) legacy.push(key);
    else if (key.startsWith('digests/')) digestKeys.add(key);
  }
  return { versions, legacy, digestKeys };
}

/** The state manifest's version token (it names its shards by their content: the committed state), if any. */
export async function manifestVersion(state: Store): Promise<string | undefined> {
  return (await state.listVersions(STATE_KEY)).get(STATE_KEY);
}

/** Version tokens of the manifest and every shard: any state object changed since (a cut shard too) shows. */
export async function stateVersion(state: Store): Promise<string> {
  const manifest = await manifestVersion(state);
  if (manifest === undefined) return '';
  return sha256(JSON.stringify([manifest, ...(await state.listVersions(SHARD_PREFIX))]));
}

export interface QuickCheckDeps extends SiteStores {
  clock: Clock;
  log: Logger;
}

export interface QuickCheckOptions {
  rebuildState?: boolean;
  dryRun?: boolean;
  force?: boolean;
  /** Told how many article sources the input holds, once it is listed and before any is read. */
  onListed?: (articleSources: number) => void;
}

/** What a run found before deciding; the full publish goes on from here when something changed. */
export interface RunSnapshot {
  /** `performance.now()` when the run started: its report's duration counts from here. */
  started: number;
  now: Date;
  listing: SourceListing;
  before: PublisherListing;
  /** Digests issued at least once (their RSS feed exists), so OPML never points at a missing feed. */
  issuedDigests: DigestConfig[];
  fingerprint: string;
  /** The state objects are the ones the last run wrote (so their checks need not be repeated). */
  stateUnchanged: boolean;
  /** Set when nothing the output depends on changed: the report of a run that reads and writes nothing. */
  unchanged?: RunReport;
}

/**
 * Lists input, output and state and compares them with the last run's summary. `listing`: the input's
 * listing when the caller has made it already.
 */
export async function takeSnapshot(deps: QuickCheckDeps, options: QuickCheckOptions, listing?: SourceListing): Promise<RunSnapshot> {
  const started = performance.now();
  const { config, output } = deps;
  const now = deps.clock();
  // Four independent reads, sent together: against S3 each is one or more round trips (a listing pages
  // through 1,000 keys a request). The output's listing is asked first: a store that answers at once (a
  // local folder) runs to the end when called, so one that waits (S3) is then already waiting. A failure
  // is reported in a fixed order, the input's first, whichever store failed first.
  const fresh = options.force || options.rebuildState;
  const outputRead = publisherListing(output);
  const summaryRead = fresh ? Promise.resolve(null) : readRunSummary(deps.state);
  const stateRead = fresh ? Promise.resolve('') : stateVersion(deps.state);
  const inputRead = listing ? Promise.resolve(listing) : listSources(deps.input);
  const [sources, before, last, currentState] = await settledInOrder(inputRead, outputRead, summaryRead, stateRead);
  options.onListed?.(sources.versions.size);
  const issuedDigests = config.digests.filter((d) => before.digestKeys.has(digestFeedKeys(d.id).rss));
  const fingerprint = sha256(
    JSON.stringify([renderKey(config), [...sources.versions], [...sources.files], sources.skipped, issuedDigests.map((d) => digestFeedKeys(d.id).rss)]),
  );
  const snapshot: RunSnapshot = { started, now, listing: sources, before, issuedDigests, fingerprint, stateUnchanged: false };

  // A held article falls due by the clock alone, with no input change: that run must not take this path.
  const heldDue = last?.heldUntil !== undefined && Date.parse(last.heldUntil) <= now.getTime();
  snapshot.stateUnchanged = last !== null && last.stateVersion !== '' && last.stateVersion === currentState;
  // Nothing the output depends on changed, and the output lists exactly what the last run left there
  // (same keys, same version tokens): no source is read, nothing is rendered or written.
  if (
    last &&
    !heldDue &&
    before.legacy.length === 0 &&
    last.inputFingerprint === fingerprint &&
    last.outputListing === listingHash(before.versions) &&
    snapshot.stateUnchanged
  ) {
    snapshot.unchanged = {
      action: 'publish',
      articles: last.articles,
      rejected: last.rejected,
      warnings: last.warnings,
      drafts: last.drafts,
      held: last.held,
      moved: [],
      written: [],
      stateWritten: [],
      unchanged: last.objects,
      deleted: [],
      durationMs: Math.round(performance.now() - started),
      dryRun: options.dryRun ?? false,
    };
    deps.log.info('publish finished: no input changed', {
      articles: snapshot.unchanged.articles,
      unchanged: snapshot.unchanged.unchanged,
      durationMs: snapshot.unchanged.durationMs,
    });
  }
  return snapshot;
}

/** Every read's value once all have ended; else the first failure in argument order. */
async function settledInOrder<T extends unknown[]>(...reads: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(reads);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as T;
}

/**
 * One publish run: under the publisher's lease (none for a dry run, which writes nothing), the snapshot;
 * `publishChanged` only when something changed. The CLI passes a `publishChanged` that imports the
 * publish pipeline then; `publishSite` passes its own.
 */
export async function publishUnlessUnchanged(
  deps: QuickCheckDeps,
  options: QuickCheckOptions,
  listing: SourceListing | undefined,
  publishChanged: (snapshot: RunSnapshot) => Promise<RunReport>,
): Promise<RunReport> {
  const run = async () => {
    const snapshot = await takeSnapshot(deps, options, listing);
    return snapshot.unchanged ?? publishChanged(snapshot);
  };
  if (options.dryRun) return run();
  const lease = await acquireLease(deps.state, { owner: leaseOwner('publish'), now: deps.clock, ownerMayBeAlive });
  try {
    return await run();
  } finally {
    await lease.release();
  }
}
