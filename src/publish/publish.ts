import type { ArticleRecord } from '../articles/index.js';
import type { Clock } from '../clock/clock.js';
import { type Config, feedContentOf } from '../config/config.js';
import { digestChannelTitle, digestFeedKeys } from '../digest/index.js';
import { digestSitemapKey } from '../digest/digest-paths.js';
import { type FeedItem, type FeedListing, type SiteArticle, type SiteInfo, absoluteUrl, articlePageKey, takeOverBudgetDocuments } from '../feeds/index.js';
import type { Store } from '../storage/store.js';
import { claimedOutputName } from '../storage/real-path.js';
import { isArrayPosition, retiredArrayKey, retiredKey } from './shifted-array-elements.js';
import { claimElsewhere, readOutputClaim, writeOutputClaim } from './output-claim.js';
import { type HubClient, type HubNotifyOptions, pingChangedFeeds } from '../websub/index.js';
import { CONTENT_CACHE_KEY, readContentCache, serializeContentCache } from './content-cache.js';
import { isArticleKey, prepareSite } from './load-site.js';
import type { SourceProcessor } from './source-processor.js';
import { type RenderRunner, inProcessRender } from './render-runner.js';
import type { Logger } from './logger.js';
import { checkForeignOutput, checkMassDelete } from './mass-delete-guard.js';
import { deleteOrder } from './output-namespace.js';
import { neighbourChanges } from './neighbours.js';
import { readPublishedDates, storyKey } from './rebuild-state.js';
import { type RunReport, byPath } from './run-report.js';
import {
  type CachedItem,
  type PublishState,
  type SourceRecord,
  type RunSummary,
  STATE_KEY,
  SUMMARY_KEY,
  emptyState,
  readSiteState,
} from './state.js';
import { type QuickCheckOptions, type RunSnapshot, type SourceListing, listingHash, manifestVersion, publishUnlessUnchanged, publisherListing, renderKey, stateVersion } from './quick-check.js';
import { type OutputObject, sha256, trustedHashes, verifiedTokens, writeIfChanged } from './sync-objects.js';
import { assetKey } from './assets.js';
import { loadArticleContents } from './page-content.js';
import { MAX_PENDING_DATES, PENDING_DATES_KEY, datedAnew, readPendingDates, writePendingDates } from './pending-dates.js';
import { writeShardedState } from './state-shards.js';

export interface PublishDeps {
  config: Config;
  input: Store;
  output: Store;
  /** Private state (publisher and digests), never inside `output`. */
  state: Store;
  clock: Clock;
  log: Logger;
  /** WebSub notifications when `feed.hub` is configured (adapters inject `createFetchHubClient()`). */
  hub?: HubClient;
  hubOptions?: HubNotifyOptions;
  /** The per-source stage's runner (see `SiteDeps.processor`); this process when absent. */
  processor?: SourceProcessor;
  /** The render and write stage's runner; this process when absent. */
  renderer?: RenderRunner;
  /** See `SiteDeps.contentInMemory`. */
  contentInMemory?: number;
}

/** The quick check's options (`onListed` among them), and what only a full run uses. */
export interface PublishOptions extends QuickCheckOptions {
  /** Lets a run remove more than `maxDeleteShare` of the published articles (or all of them). */
  allowMassDelete?: boolean;
  /** Rebuild the state from the sources and the published output (first-seen dates the feeds show). */
  rebuildState?: boolean;
  /** Compute everything, write nothing; the report lists what would be written. */
  dryRun?: boolean;
  /** Rewrite every object even if unchanged. */
  force?: boolean;
  /**
   * Told, when the run has recorded its work, the articles it published (items without their content) and
   * the articles' rejections: what `loadSite` reads back after the run. `feedwright build` hands them to
   * the digests it checks next, which otherwise listed the input, read the whole state and prepared every
   * article again (~0.7 s and 25 MB of an add-one run at 10,000 articles, 40% of the run).
   */
  onPublished?: (site: PublishedSite) => void;
}

/** The site a run published, as digests read it (see `PublishOptions.onPublished`). */
export interface PublishedSite {
  items: FeedItem[];
  rejected: { path: string; reason: string }[];
}

// An article that leaves the input keeps its id, slug and first-seen date this long, in case it comes back.
const RETIRED_DAYS = 30;

function siteInfo(config: Config, digestFeeds: FeedListing[]): SiteInfo {
  return {
    title: config.site.title,
    description: config.site.description,
    language: config.site.language,
    baseUrl: config.site.baseUrl,
    ...(config.site.author ? { author: config.site.author } : {}),
    feedSize: config.feed.size,
    archivePageSize: config.feed.archivePageSize,
    feedMaxBytes: config.feed.maxBytes,
    content: feedContentOf(config),
    ...(config.feed.hub ? { hub: config.feed.hub } : {}),
    stylesheet: config.feed.stylesheet,
    digestFeeds,
  };
}

/**
 * The publish use case: articles from `input` → pages, feeds, OPML and index in `output`; private state in
 * `state`. One writer at a time (a lease in the state store). The next run never trusts what it has not
 * verified: a recorded hash counts only while the store's own listing still shows the version token read
 * back after the run that wrote it, and every object in the publisher's namespace that the run does not
 * produce is deleted. So whatever point a run dies at, the next run converges on a clean build's bytes.
 */
export async function publishSite(deps: PublishDeps, options: PublishOptions = {}, listing?: SourceListing): Promise<RunReport> {
  return publishUnlessUnchanged(deps, options, listing, (snapshot) => publishChanged(deps, options, snapshot));
}

/**
 * The run after the quick check (see quick-check.ts) found something to do, under the lease it took.
 * `publishUnlessUnchanged` is the only caller, directly or through a lazy import (the CLI).
 */
export async function publishChanged(deps: PublishDeps, options: PublishOptions, snapshot: RunSnapshot): Promise<RunReport> {
  const { config, output, log } = deps;
  const { started, listing, before, fingerprint, stateUnchanged } = snapshot;
  const derived = await runTime(deps, options, snapshot);
  const now = derived.at;
  // Articles are derived at the run's time, which a render spanning invocations keeps for all of them.
  const siteDeps: PublishDeps = { ...deps, clock: () => new Date(now.getTime()) };
  const sourceVersions = listing.versions;
  const present = new Set(before.versions.keys());
  const digestFeeds: FeedListing[] = snapshot.issuedDigests.map((d) => {
    const htmlKey = `digests/${d.id}/index.html`;
    return { title: digestChannelTitle(config, d), keys: digestFeedKeys(d.id), htmlUrl: absoluteUrl(config.site.baseUrl, htmlKey), htmlKey, sitemapKey: digestSitemapKey(d.id) };
  });

  // Cached content has its local references already rewritten to assets/: valid only while the set of
  // input files it could reference is the same, as well as the render settings. Read beside the state
  // (one round trip less against S3); a failure is reported when it is awaited, after the state's own.
  const contentKey = sha256(JSON.stringify([renderKey(config), [...listing.files]]));
  const contentCacheRead = readContentCache(deps.state, contentKey);
  contentCacheRead.catch(() => undefined);
  const previous: Awaited<ReturnType<typeof readSiteState>> = options.rebuildState ? { state: emptyState(), text: null } : await readSiteState(deps.state, output, stateUnchanged);
  const { recovered, rebuilding, firstRun } = await claimOutput(deps, options, present, previous.text !== null || before.legacy.length > 0);
  const state = options.rebuildState || recovered ? await rebuiltState(siteDeps, sourceVersions, [...present]) : previous.state;
  // Articles a run that died after its first output write dated anew are known with those dates: readers
  // may have them (see PENDING_DATES_KEY). Taken only while the state it started from is still the current one.
  const base = (await manifestVersion(deps.state)) ?? '';
  const pending = await readPendingDates(deps.state, base);
  // A new article of the dead run is known as it recorded it (id, slug, first-seen date), as if its state
  // had been saved: renamed, edited or moved within its JSON array since, it keeps what readers may have.
  const committedArticles = state.articles;
  let adopted = false;
  for (const key in pending) {
    if (key in committedArticles) continue;
    if (!adopted) state.articles = { ...committedArticles };
    state.articles[key] = pending[key] as ArticleRecord;
    adopted = true;
  }

  // Trust a recorded hash only while the store shows the version token verified after the run that wrote it.
  // `let`, as are the other lookups of every page and article below: this function's closures keep its
  // variables to its end, so they are let go by hand once the render is done (after `render` below).
  let trusted = trustedHashes(state.objects, state.verified, before.versions);
  // Asked up to three times per article (content, render, kept): each page key is built and looked up once.
  const currentPages = new Map<string, boolean>();
  // A first build trusts nothing: no map of every page (100,000 in a large site) held to say so.
  let trustsAny = false;
  for (const _key in trusted) {
    trustsAny = true;
    break;
  }
  const pageIsCurrent = (a: SiteArticle) => {
    if (!trustsAny) return false;
    let current = currentPages.get(a.slug);
    if (current === undefined) currentPages.set(a.slug, (current = articlePageKey(a.slug) in trusted));
    return current;
  };
  // A page links its neighbours: it is rendered again when they differ from the last run's.
  let previousItems = Object.values(state.items);
  let movedNeighbours: ((slug: string) => boolean) | undefined;
  const neighboursChanged = (a: SiteArticle, all: SiteArticle[]) => {
    movedNeighbours ??= neighbourChanges(previousItems, all, (x) => x.slug, (x) => x.item.title);
    return movedNeighbours(a.slug);
  };

  // Dictionaries of every article (100,000 keys in a large site) are copied only when they must be: a
  // spread of one costs ~0.1-0.3 s there, and an add-one run made seven.
  // A retired record whose id a live article carries (it moved away and kept its id) is not offered again:
  // a new file at the old path would take that id from it.
  let retiredCount = 0;
  const retiredKnown: Record<string, ArticleRecord> = {};
  let liveIds: Set<string> | undefined;
  for (const [key, { removed: _removed, ...record }] of Object.entries(state.retired)) {
    liveIds ??= idsOf(state.articles);
    if (liveIds.has(record.id)) continue;
    // An array element's position may hold another element now: its record is known by position and content.
    retiredKnown[retiredKey(key, record)] = record;
    retiredCount++;
  }
  const contentCache = await contentCacheRead;
  const site = await prepareSite(siteDeps, retiredCount === 0 ? state : { ...state, articles: { ...retiredKnown, ...state.articles } }, sourceVersions, {
    ...(options.force ? { force: true } : {}),
    needsContent: (a, all) => !pageIsCurrent(a) || neighboursChanged(a, all),
    files: listing.files,
    contentCache: contentCache.entries,
    pending,
  });
  // The articles' own rejections, as `loadSite` reports them (without the listing's skipped files).
  const articleRejections = options.onPublished ? [...site.rejected] : [];
  site.rejected.push(...listing.skipped);
  if (recovered) {
    site.warnings.push({ path: deps.state.description, reason: 'no state: a --rebuild-state run died before saving it, so this run rebuilt it again from the sources and the published feeds, first-seen dates kept' });
    site.warnings.sort(byPath);
  }
  site.rejected.sort(byPath);
  // Rejections and warnings are in the report, which every adapter shows once (the handlers log it).
  for (const h of site.held) log.info('article held until its date', { path: h.path, until: h.until });
  for (const m of site.moved) log.info('article moved, id and URL kept', { from: m.from, to: m.to });

  checkMassDeleteOfIds(state.articles, site.records, { sources: sourceVersions.size, maxShare: config.maxDeleteShare, allow: options.allowMassDelete === true });
  if (options.rebuildState || recovered) {
    // A rebuilt state knows only the current sources: the published pages say what readers had.
    const published = new Set([...present].filter((key) => ARTICLE_PAGE.test(key)));
    const next = new Set(site.articles.map((a) => articlePageKey(a.slug)));
    checkMassDelete({ previous: published, next, sources: sourceVersions.size, maxShare: config.maxDeleteShare, allow: options.allowMassDelete === true });
  }

  const renderPage = (a: SiteArticle) => site.changed.has(a) || !pageIsCurrent(a) || neighboursChanged(a, site.articles);
  // Pages not rendered keep their verified hash, so they are neither rewritten nor deleted.
  const kept: Record<string, string> = {};
  for (const a of site.articles) {
    if (renderPage(a)) continue;
    const key = articlePageKey(a.slug);
    kept[key] = trusted[key] as string;
  }

  // Before the first output write: what this run dates anew, for the run after it if it dies (see PENDING_DATES_KEY).
  // Not for a first run (no state: nothing published before it, and every article is dated anew) or one
  // that dates most of a large site: the record would be the whole site, held at the run's memory peak.
  if (!options.dryRun && previous.text !== null) {
    const dated = datedAnew(committedArticles, site.records);
    if (Object.keys(dated).length <= MAX_PENDING_DATES) await writePendingDates(deps.state, base, dated);
    else await deps.state.delete(PENDING_DATES_KEY);
  }
  // Referenced local files first: a page is never published before the files it shows.
  const assets = await assetObjects(deps, site.referencedFiles(), listing.files, state, trusted, options);
  Object.assign(kept, assets.kept);
  // Signed by the render settings too: a new Feedwright or another config never reuses a signature.
  // Nothing left over from an earlier run in this process (a failed one, a warm Lambda, `serve`).
  takeOverBudgetDocuments();
  const sync = await (deps.renderer ?? inProcessRender).render(
    {
      site: siteInfo(config, digestFeeds),
      articles: site.articles,
      renderPage,
      salt: site.renderKey,
      assets: assets.objects,
      previousHashes: trusted,
      previousSignatures: state.signatures,
      present,
      ...(options.dryRun ? { dryRun: true } : {}),
      ...(options.force ? { force: true } : {}),
      loadContent: (articles) => loadArticleContents(deps.input, config.site.baseUrl, articles),
      derived,
    },
    { output, log },
  );
  // Nothing asks which pages are current or whose neighbours moved any more: what answered (dictionaries
  // and maps of every page, ~20 MB at 100,000 articles) goes before the new state is made, the run's peak.
  trusted = {};
  currentPages.clear();
  previousItems = [];
  movedNeighbours = undefined;
  // Documents this process rendered over feed.maxBytes (a fan-out worker's stay in its own log).
  const overBudget = takeOverBudgetDocuments().map(({ url, bytes }) => ({
    path: url,
    reason: `published over feed.maxBytes (${bytes} bytes with summaries only): its items' titles, summaries, authors and categories alone exceed the budget; lower feed.size or feed.archivePageSize, or raise feed.maxBytes`,
  }));
  if (overBudget.length > 0) {
    site.warnings.push(...overBudget);
    site.warnings.sort(byPath);
  }
  // Counted before `kept` becomes the run's hashes: the same keys in the same order as
  // `{ ...kept, ...sync.hashes }`, without copying every kept key.
  const keptCount = Object.keys(kept).length;
  // Nothing kept (a cold build): the written hashes are the run's, in the same order, without a second
  // dictionary of every key (140,000 at 100,000 articles) made at the run's memory peak.
  const hashes = keptCount === 0 ? sync.hashes : Object.assign(kept, sync.hashes);

  // The listing, not the state, says what exists: orphans of a crashed run are deleted too.
  const deleted = deleteOrder([...present].filter((key) => !(key in hashes)));
  if (!options.dryRun) for (const key of deleted) await output.delete(key);

  // Read back what the store now holds: the tokens the next run will verify against.
  const after = options.dryRun ? before.versions : await listingAfterWrites(output, before.versions, sync.written, deleted);
  const verified = verifiedTokens(Object.keys(hashes), after);

  const retired: PublishState['retired'] = {};
  const cutoff = new Date(now.getTime() - RETIRED_DAYS * 86_400_000).toISOString();
  let publishedIds: Set<string> | undefined;
  const heldByAnother = (id: string) => (publishedIds ??= idsOf(site.records)).has(id);
  for (const [key, record] of Object.entries(state.retired)) {
    if (record.removed < cutoff || heldByAnother(record.id)) continue;
    if (isArrayPosition(key) || !(key in site.records)) retired[retiredKey(key, record)] = record;
  }
  for (const key in state.articles) {
    const record = state.articles[key] as ArticleRecord;
    const current = site.records[key];
    if (current === undefined) {
      if (!heldByAnother(record.id)) retired[retiredKey(key, record)] = { ...record, removed: now.toISOString() };
    } else if (current.id !== record.id && isArrayPosition(key) && !heldByAnother(record.id)) {
      // Another element took this array position (see shiftedArrayElements): its record is kept apart.
      retired[retiredArrayKey(key, record)] = { ...record, removed: now.toISOString() };
    }
  }

  const next: PublishState = {
    version: 1,
    inputFingerprint: fingerprint,
    rejected: site.rejected,
    renderKey: site.renderKey,
    // Made for this state: the referenced files' records go into it, no copy of every source's.
    sources: Object.assign(site.sourceRecords(), assets.sources),
    items: site.cachedItems(),
    articles: site.records,
    summaryKey: site.summaryKey,
    objects: hashes,
    verified,
    signatures: sync.signatures,
    retired,
  };
  const written = sync.written;
  const stateWritten: string[] = [];
  // A cache only (checked entry by entry on use), so its place among the writes does not matter.
  if (await writeIfChanged(deps.state, CONTENT_CACHE_KEY, serializeContentCache(contentKey, site.feedContent), contentCache.text, options)) {
    stateWritten.push(CONTENT_CACHE_KEY);
  }
  const stateWrite = await writeShardedState(deps.state, STATE_KEY, next, previous.text, options, previous.shards);
  stateWritten.push(...stateWrite.written);
  // The state holds this run's dates now (see PENDING_DATES_KEY).
  if (!options.dryRun) await deps.state.delete(PENDING_DATES_KEY);
  // The state is saved: a later run that finds no state is no longer finishing this rebuild or first run.
  if ((rebuilding || firstRun) && !options.dryRun) await writeOutputClaim(deps.output, deps.state, {});
  // After the state: a summary never vouches for a state that was not written.
  const summary: RunSummary = {
    inputFingerprint: fingerprint,
    outputListing: listingHash(after),
    stateVersion: options.dryRun ? '' : await stateVersion(deps.state),
    objects: Object.keys(hashes).length,
    articles: site.articles.length,
    rejected: site.rejected,
    warnings: site.warnings,
    drafts: site.drafts,
    held: site.held,
    ...(site.held[0] ? { heldUntil: site.held[0].until } : {}),
  };
  const previousSummary = await deps.state.read(SUMMARY_KEY);
  if (await writeIfChanged(deps.state, SUMMARY_KEY, `${JSON.stringify(summary)}\n`, previousSummary && new TextDecoder().decode(previousSummary), options)) {
    stateWritten.push(SUMMARY_KEY);
  }
  // Migration done (the state now lives in the state store; digests move theirs on their next run):
  // the old private files leave the public output.
  const legacyDeleted = await removeLegacyState(deps, before.legacy, options);
  deleted.push(...legacyDeleted);
  // Last, when the run's work is recorded: a run stopped while a dead hub holds it (a Lambda deadline)
  // has saved everything, and the feeds it did not get to ping are pending for the next run.
  const pinged = options.dryRun ? undefined : await pingChangedFeeds(deps, written.filter((key) => SUBSCRIPTION_FEED.test(key)));
  if (pinged) stateWritten.push(...pinged.stateWritten);
  const websub = pinged?.websub;

  const report: RunReport = {
    action: 'publish',
    articles: site.articles.length,
    rejected: site.rejected,
    warnings: site.warnings,
    drafts: site.drafts,
    held: site.held,
    moved: site.moved,
    written,
    stateWritten,
    unchanged: sync.unchanged + keptCount,
    deleted,
    durationMs: Math.round(performance.now() - started),
    dryRun: options.dryRun ?? false,
    ...(websub ? { websub } : {}),
  };
  log.info('publish finished', { articles: report.articles, rejected: report.rejected.length, written: written.length, unchanged: report.unchanged, deleted: deleted.length, durationMs: report.durationMs });
  // Copies without content: the digests never show it, and what a large run still holds is let go.
  options.onPublished?.({ items: site.articles.map((a) => ({ ...a.item, contentHtml: '' })), rejected: articleRejections });
  return report;
}

/**
 * The time this run derives its articles at, and a hash of everything else they are derived from (the
 * input fingerprint covers the config, every source's and file's version; the state's version tokens; the
 * options that change what is derived). The clock's time, unless the renderer has a run in flight over
 * exactly these inputs: then the time that run was planned at, so that every invocation of a render that
 * spans several derives the same articles and finds the same plan.
 */
async function runTime(deps: PublishDeps, options: PublishOptions, snapshot: RunSnapshot): Promise<{ inputs: string; at: Date }> {
  const runner = deps.renderer;
  if (runner?.runTime === undefined) return { inputs: snapshot.fingerprint, at: snapshot.now };
  const inputs = sha256(JSON.stringify([snapshot.fingerprint, await stateVersion(deps.state), options.force === true, options.rebuildState === true]));
  return { inputs, at: (await runner.runTime(inputs)) ?? snapshot.now };
}

/**
 * Counted by article id (what subscribers see): an article whose source moved, or whose id another source
 * now carries, is still published. A function of its own so the two sets of every id (100,000 each in a
 * large site) are gone when it returns, not kept by the suspended run until it ends.
 */
function checkMassDeleteOfIds(
  previous: Record<string, ArticleRecord>,
  next: Record<string, ArticleRecord>,
  limits: { sources: number; maxShare: number; allow: boolean },
): void {
  const previousIds = new Set<string>();
  for (const key in previous) previousIds.add((previous[key] as ArticleRecord).id);
  const nextIds = new Set<string>();
  for (const key in next) nextIds.add((next[key] as ArticleRecord).id);
  checkMassDelete({ previous: previousIds, next: nextIds, ...limits });
}

/**
 * Whether this state may write into this output, before the run's first write. The state's claim names
 * the output its runs write into (see OUTPUT_CLAIM_KEY). Refused (ForeignOutputError) when the claim names
 * another output (a typo in `--out` with a fixed `state:`: publishing would move the claim and lock the
 * real site out, even when the mistyped folder is empty), and when the output holds publisher files and
 * nothing says this state's runs wrote them (no state and no claim: a typo in `--out`, a lost state).
 * `recovered`: a `--rebuild-state` run died before saving the state it rebuilt, and the next run finishes
 * it (rebuilding again from the published feeds) instead of dating every undated article anew.
 * A claim without a state and without a mark of a run under way (first run or rebuild) means the state
 * was saved and then lost: publisher files in the output are refused as for no claim (a run from nothing
 * would date them anew and digests would send them again), and `--rebuild-state` takes them back.
 * Then records the claim (once per output; marked while a first run or a rebuild is under way) before anything is written.
 */
async function claimOutput(
  deps: PublishDeps,
  options: PublishOptions,
  present: Set<string>,
  established: boolean,
): Promise<{ recovered: boolean; rebuilding: boolean; firstRun: boolean }> {
  const location = claimedOutputName(deps.output, deps.state);
  const claim = await readOutputClaim(deps.state);
  const elsewhere = claimElsewhere(claim, location);
  let recovered = false;
  let firstRun = false;
  if (!options.rebuildState) {
    const runUnderWay = claim?.firstRun === true || claim?.rebuilding === true;
    const stateLost = !established && claim !== null && !runUnderWay;
    const claimed = elsewhere === undefined && (established || (claim !== null && !stateLost));
    checkForeignOutput({
      found: present,
      claimed,
      allow: options.allowMassDelete === true,
      output: deps.output.description,
      state: deps.state.description,
      ...(elsewhere ? { publishesTo: elsewhere } : {}),
      stateLost,
    });
    recovered = !established && elsewhere === undefined && claim?.rebuilding === true && present.size > 0;
    firstRun = !established && !recovered;
  }
  const rebuilding = options.rebuildState === true || recovered;
  const mark = rebuilding ? { rebuilding: true as const } : firstRun ? { firstRun: true as const } : {};
  const marked = (claim?.rebuilding === true) === rebuilding && (claim?.firstRun === true) === firstRun;
  if (!options.dryRun && (claim === null || claim.output !== location || !marked)) await writeOutputClaim(deps.output, deps.state, mark);
  return { recovered, rebuilding, firstRun };
}

/**
 * The `assets/` objects of every referenced input file. A file whose input version is the one recorded
 * when its verified copy was written is kept without being read (like an unchanged page).
 */
async function assetObjects(
  deps: PublishDeps,
  referencedFiles: Set<string>,
  files: Map<string, string>,
  state: PublishState,
  trusted: Record<string, string>,
  options: PublishOptions,
): Promise<{ objects: OutputObject[]; kept: Record<string, string>; sources: Record<string, SourceRecord> }> {
  const referenced = [...referencedFiles].filter((k) => files.has(k)).sort();
  const objects: OutputObject[] = [];
  const kept: Record<string, string> = {};
  const sources: Record<string, SourceRecord> = {};
  for (const inputKey of referenced) {
    const version = files.get(inputKey) as string;
    const key = assetKey(inputKey);
    sources[inputKey] = { version, rejected: [] };
    const hash = trusted[key];
    if (hash !== undefined && state.sources[inputKey]?.version === version && !options.force) {
      kept[key] = hash;
      continue;
    }
    const bytes = await deps.input.read(inputKey);
    if (bytes === null) continue;
    objects.push({ key, body: bytes, phase: 'assets' });
  }
  return { objects, kept, sources };
}

// Subscription feeds only (the site's and each category's current documents): archives never need a push.
const SUBSCRIPTION_FEED = /^(?:categories\/[^/]+\/)?(?:feed\.xml|atom\.xml|feed\.json)$/;

/**
 * The publisher's listing after a run's writes and deletes: the listing from the start of the run (`before`,
 * updated in place) with each written key's token looked up again, where the store can look keys up cheaply (a stat each), however
 * many were written: a cold build's written keys are all of them, and a stat per key costs what the
 * listing's stats do without its walk (whose paths, at 100,000 articles, were ~50 MB at the run's memory
 * peak); the stores answer for what they wrote with the token each write left (a file's stat before its
 * rename, S3's PutObject ETag), so an object changed between its write and now is not recorded as verified.
 * A store without `versionsOfKeys`: a listing. A key someone else changed meanwhile keeps its old token here,
 * so the next run finds a token that differs from the recorded one and rewrites it.
 */
async function listingAfterWrites(output: Store, before: Map<string, string>, written: string[], deleted: string[]): Promise<Map<string, string>> {
  if (!output.versionsOfKeys) return (await publisherListing(output)).versions;
  const tokens = await output.versionsOfKeys(written);
  // A first build: the written keys are the whole listing (no copy of 140,000 tokens at the memory peak).
  if (before.size === 0 && deleted.length === 0) return tokens;
  // The listing before the writes becomes the one after (no copy of 140,000 tokens at the run's peak):
  // nothing reads it once the writes are done.
  const after = before;
  for (const key of deleted) after.delete(key);
  for (const key of written) {
    const token = tokens.get(key);
    if (token === undefined) after.delete(key);
    else after.set(key, token);
  }
  return after;
}

/**
 * Legacy `_feedwright/` files leave the output once their content is safe in the state store: the digest
 * states are copied over first (unless the digest already moved its own), then everything is deleted.
 */
async function removeLegacyState(deps: PublishDeps, legacy: string[], options: PublishOptions): Promise<string[]> {
  if (legacy.length === 0 || options.dryRun) return legacy;
  for (const key of legacy) {
    const digest = /^_feedwright\/(digests\/[^/]+\.json)$/.exec(key)?.[1];
    if (!digest || (await deps.state.read(digest)) !== null) continue;
    const bytes = await deps.output.read(key);
    if (bytes !== null) await writeIfChanged(deps.state, digest, new TextDecoder().decode(bytes), null, {});
  }
  for (const key of legacy) await deps.output.delete(key);
  return legacy;
}

const ARTICLE_PAGE = /^articles\/[^/]+\.html$/;

function idsOf(records: Record<string, ArticleRecord>): Set<string> {
  const ids = new Set<string>();
  for (const key in records) ids.add((records[key] as ArticleRecord).id);
  return ids;
}

/**
 * `--rebuild-state`: ids, slugs and first-seen dates recovered from the sources and what is published.
 * The articles are derived once without history; each one whose published feeds or page show a date
 * keeps that date (and its slug, through the page it already has).
 */
async function rebuiltState(deps: PublishDeps, versions: Map<string, string>, outputKeys: string[]): Promise<PublishState> {
  const dates = await readPublishedDates(deps.output, outputKeys);
  const draft = await prepareSite(deps, emptyState(), versions, { content: false, force: true });
  const articles: Record<string, ArticleRecord> = {};
  // The id and page readers know each article by, when the sources alone give others (a moved file, a
  // `;2`, a retitled page): found by the story (title and summary), else by the page the slug names.
  const keyOfId = new Map(Object.entries(draft.records).map(([key, r]) => [r.id, key]));
  const recovered = new Map<string, { id: string; slug?: string }>();
  const taken = new Set<string>();
  for (const { item } of draft.articles) {
    const key = keyOfId.get(item.id);
    const match = dates.byStory.get(storyKey(item.title, item.summary))?.find((p) => !taken.has(p.id));
    if (key === undefined || match === undefined) continue;
    taken.add(match.id);
    recovered.set(key, match);
  }
  for (const [key, r] of Object.entries(draft.records)) {
    if (recovered.has(key)) continue;
    const id = dates.idBySlug.get(r.slug);
    if (id !== undefined && !taken.has(id)) {
      taken.add(id);
      recovered.set(key, { id, slug: r.slug });
    }
  }
  for (const [key, derived] of Object.entries(draft.records)) {
    const found = recovered.get(key);
    // Slugs stay sticky: two records asking for one are told apart by the next run's slug assignment.
    const record = found === undefined ? derived : { ...derived, id: found.id, ...(found.slug !== undefined ? { slug: found.slug } : {}) };
    const byId = dates.byId.get(record.id);
    const published = byId?.published ?? dates.bySlug.get(record.slug);
    articles[key] = published
      ? { ...record, firstSeen: published, updated: byId?.updated ?? (record.updated < published ? published : record.updated) }
      : record;
  }
  deps.log.info('state rebuilt from sources and published output', { articles: Object.keys(articles).length, datesRecovered: dates.byId.size + dates.bySlug.size });
  return { ...emptyState(), articles };
}

export { isArticleKey };
