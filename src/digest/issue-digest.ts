import type { Clock } from '../clock/clock.js';
import { acquireLease } from '../publish/lease.js';
import { leaseOwner, ownerMayBeAlive } from '../publish/lease-owner.js';
import type { Config, DigestConfig } from '../config/config.js';
import type { FeedItem } from '../feeds/index.js';
import type { Logger } from '../publish/logger.js';
import type { RunReport } from '../publish/run-report.js';
import { objectHash, type OutputObject, syncObjects, trustedHashes, verifiedTokens, writeIfChanged } from '../publish/sync-objects.js';
import { keyLocation, type Store } from '../storage/store.js';
import { buildIssue, type DigestIssue, digestChannelTitle } from './build-issue.js';
import { digestFeedObjects } from './digest-feeds.js';
import { digestIndexObjects } from './digest-index.js';
import { digestSitemapObject } from './digest-sitemap.js';
import { DIGEST_STATE_PREFIX, digestFeedKeys, digestPrefix, digestStateKey, issueKey, legacyDigestStateKey } from './digest-paths.js';
import { type DigestState, emptyDigestState, type IssueRecord, parseDigestState, serializeDigestState } from './digest-state.js';
import { renderIssueHtml } from './render-html.js';
import { parseIssueJson, renderIssueJson } from './render-json.js';
import { renderIssueMarkdown } from './render-markdown.js';
import { renderIssueText } from './render-text.js';
import { type DigestWindow, InvalidInstantError, latestScheduledTimes, type ScheduledTime, scheduledTimeAt, scheduledTimesBetween, windowFor } from './windows.js';
import { FeedwrightError } from '../errors/index.js';
import { ForeignOutputError, checkForeignOutput } from '../publish/mass-delete-guard.js';
import { claimElsewhere, readOutputClaim, writeOutputClaim } from '../publish/output-claim.js';
import { isPublisherKey } from '../publish/output-namespace.js';
import { STATE_KEY } from '../publish/state.js';
import { claimedOutputName } from '../storage/real-path.js';
import { type HubClient, type HubNotifyOptions, pingChangedFeeds } from '../websub/index.js';

export type LoadItems = (deps: DigestDeps) => Promise<{ items: FeedItem[]; rejected: { path: string; reason: string }[] }>;

/**
 * The publisher's read-only `loadSite`, imported when a window needs articles: with it come the parsers, the
 * sanitizer and the summarizer (~0.77 MB of code), which a run that issues nothing never uses.
 */
export const loadSiteItems: LoadItems = async (deps) => (await import('../publish/load-site.js')).loadSite(deps);

export interface DigestDeps {
  config: Config;
  input: Store;
  output: Store;
  /** Private state, never inside `output` (see PublishDeps). */
  state: Store;
  clock: Clock;
  log: Logger;
  /** Where the published articles come from; defaults to the publisher's read-only `loadSite`. Tests inject items here. */
  loadItems?: LoadItems;
  /**
   * The version of what `loadItems` reads (see `siteInputVersion`). Given, a window found empty is not
   * checked again while the version is unchanged; not given, every unrecorded window loads the items.
   */
  siteVersion?: () => Promise<string>;
  /** WebSub notifications when `feed.hub` is configured (see PublishDeps). */
  hub?: HubClient;
  hubOptions?: HubNotifyOptions;
}

export interface DigestOptions {
  digestId: string;
  /** The instant to issue for (default: the clock); the issue due then is the latest scheduled time ≤ `at`. */
  at?: Date;
  /** Backfill: issue every scheduled time in (since, at], oldest first. */
  since?: Date;
  dryRun?: boolean;
  force?: boolean;
  /** Rebuild the digest state from the issue records published in the output (`--rebuild-state`). */
  rebuildState?: boolean;
  /** Called with each issue this run makes (or, in a dry run, would make), oldest first: `digest --send` mails them. */
  onIssue?: (issue: DigestIssue) => void;
}

export class DigestNotFoundError extends FeedwrightError {
  override readonly name = 'DigestNotFoundError' as const;
  readonly code = 'unknown-digest';
  constructor(
    readonly digestId: string,
    readonly configured: string[],
  ) {
    super(`unknown digest ${JSON.stringify(digestId)}; configured: ${configured.length > 0 ? configured.join(', ') : '(none)'}`);
  }
}

export function findDigest(config: Config, digestId: string): DigestConfig {
  const digest = config.digests.find((d) => d.id === digestId);
  if (!digest) throw new DigestNotFoundError(digestId, config.digests.map((d) => d.id));
  return digest;
}

function decode(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

async function readStoredIssue(output: Store, key: string, log: Logger): Promise<DigestIssue | null> {
  const text = decode(await output.read(key));
  if (text === null) {
    log.warn('digest issue record missing', { key });
    return null;
  }
  try {
    return parseIssueJson(text, key);
  } catch (error) {
    log.warn('digest issue record unreadable', { key, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

function issueObjects(issue: DigestIssue): OutputObject[] {
  return [
    { key: issueKey(issue.digestId, issue.date, 'html'), body: renderIssueHtml(issue) },
    { key: issueKey(issue.digestId, issue.date, 'md'), body: renderIssueMarkdown(issue) },
    { key: issueKey(issue.digestId, issue.date, 'txt'), body: renderIssueText(issue) },
    { key: issueKey(issue.digestId, issue.date, 'json'), body: renderIssueJson(issue) },
  ];
}

function recordOf(issue: DigestIssue): IssueRecord {
  return {
    date: issue.date,
    scheduled: issue.scheduled,
    count: issue.articleCount,
  };
}

// A run that failed (or a schedule that was paused) for longer than this is backfilled with `since`.
const MAX_CATCH_UP = 62;

/**
 * The scheduled times to issue at `at`: the one due, plus any missed since the last recorded issue, so
 * one failed scheduled run does not silently drop its window's articles from every digest. Without a
 * recorded issue (a new digest) only the due time is issued; history is backfilled with `since` only.
 */
function catchUpTimes(digest: DigestConfig, issues: IssueRecord[], at: Date): ScheduledTime[] {
  const due = scheduledTimeAt(digest, at);
  const last = issues.reduce<number>((newest, r) => Math.max(newest, Date.parse(r.scheduled)), Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(last) || last >= due.at.getTime()) return [due];
  return latestScheduledTimes(digest, new Date(last), at, MAX_CATCH_UP);
}

/**
 * An issue is frozen once written: issuing one whose window is still open would leave out every article
 * published in the rest of it, for good. Every time issued is at or before `at`, so this covers them all;
 * checked before the lease is taken or any state read, so a refused run touches nothing.
 */
export function assertNotAhead(at: Date | undefined, now: Date): void {
  if (at !== undefined && at.getTime() > now.getTime()) {
    throw new InvalidInstantError('at', `${at.toISOString()} is still ahead: an issue due then would be frozen while its window is open`);
  }
}

/**
 * Before a first run's first write, as the publish does (see `checkForeignOutput`): refused when the output
 * holds the publisher's or digests' files and no publisher state records writing them; else the claim is
 * recorded, so a run killed after writing issues is known as ours by the next.
 */
async function claimFreshOutput(deps: DigestDeps, dryRun: boolean): Promise<void> {
  if ((await deps.state.listVersions(STATE_KEY)).has(STATE_KEY)) return;
  const found = [...(await deps.output.listVersions('')).keys()].filter((key) => isPublisherKey(key) || key.startsWith('digests/'));
  checkForeignOutput({ found, claimed: false, allow: false, output: deps.output.description, state: deps.state.description });
  if (!dryRun) await writeOutputClaim(deps.output, deps.state, {});
}

/**
 * Issues the digest due at `options.at` (or every one in (since, at]): issue pages in four formats,
 * then the index and the digest's feeds, then its state — so a reader never sees a feed entry whose
 * page is missing. An issue already recorded for the same scheduled time is re-rendered from its
 * stored JSON, so re-issuing rewrites nothing even if articles changed since.
 */
export async function issueDigest(deps: DigestDeps, options: DigestOptions): Promise<RunReport> {
  findDigest(deps.config, options.digestId);
  assertNotAhead(options.at, deps.clock());
  if (options.dryRun) return issueLocked(deps, options);
  // One writer of the state store at a time: publish and digest runs share the lease.
  const lease = await acquireLease(deps.state, { owner: leaseOwner(`digest-${options.digestId}`), now: deps.clock, ownerMayBeAlive });
  try {
    // Listing the digest states' folder is what removes a killed writer's stale temp file there (a local
    // store cleans those it lists); no other run lists it.
    await deps.state.list(DIGEST_STATE_PREFIX);
    return await issueLocked(deps, options);
  } finally {
    await lease.release();
  }
}

async function issueLocked(deps: DigestDeps, options: DigestOptions): Promise<RunReport> {
  const started = performance.now();
  const { config, output, log } = deps;
  const digest = findDigest(config, options.digestId);
  // A state whose site is elsewhere (a typo in `--out` with a fixed `state:`) must not write issues here.
  const claim = await readOutputClaim(deps.state);
  const elsewhere = claimElsewhere(claim, claimedOutputName(output, deps.state));
  if (elsewhere !== undefined) throw new ForeignOutputError(output.description, deps.state.description, [], elsewhere);
  const at = options.at ?? deps.clock();
  const dryRun = options.dryRun ?? false;

  const stateKey = digestStateKey(digest.id);
  const stateText = decode(await deps.state.read(stateKey));
  // A site published before the state left the output: its digest state is migrated from there.
  const legacyKey = legacyDigestStateKey(digest.id);
  const legacyText = stateText === null && !options.rebuildState ? decode(await output.read(legacyKey)) : null;
  // No record of any Feedwright run here: an output that already holds a site's files is another tool's
  // (or a lost state's, which --rebuild-state mends), and issues written into it would replace its pages.
  if (claim === null && stateText === null && legacyText === null && !options.rebuildState) await claimFreshOutput(deps, options.dryRun === true);
  const warnings: NonNullable<RunReport['warnings']> = [];
  let state: DigestState;
  if (options.rebuildState) state = await rebuiltDigestState(output, digest.id, log);
  else if (stateText !== null) state = parseDigestState(stateText, keyLocation(deps.state, stateKey), digest.id);
  else if (legacyText !== null) state = parseDigestState(legacyText, keyLocation(output, legacyKey), digest.id);
  else {
    // No state, but issues are published: the state was lost. Their records say what readers got, so the
    // state is rebuilt from them rather than started empty (which rewrote a frozen issue and dropped every
    // older one from the digest's feeds and index).
    state = await rebuiltDigestState(output, digest.id, log);
    if (state.issues.length > 0) {
      warnings.push({ path: stateKey, reason: `digest state missing: rebuilt from the ${state.issues.length} published issue record(s)` });
    }
  }
  const times: ScheduledTime[] = options.since ? scheduledTimesBetween(digest, options.since, at) : catchUpTimes(digest, state.issues, at);
  // Issued windows are never covered again: a scheduled time at or before the last issue with no issue of
  // its own (the schedule or time zone changed, or its window was empty) would gather articles those issues
  // already carried. Only a backfill (`since`) reaches before the first issue's window, into history.
  const coveredFrom = await issuedSpanStart(state.issues, options.since !== undefined, (record) => issueOfRecord(output, digest.id, record, log));
  const lastIssued = Math.max(...state.issues.map((r) => Date.parse(r.scheduled)));
  // Windows start at the previous issue when the config's previous time is earlier or later (the schedule
  // changed): moved earlier, the new window would take articles the last issue already carried; moved
  // later, the articles between the two times would fall in no window.
  const floor = times[0] === undefined ? 0 : windowFor(digest, times[0]).start.getTime();
  // Windows between the last issue and the first this run looks at (a catch-up past MAX_CATCH_UP, or a
  // `--since` after the last issue) go in no issue: said, with the backfill that issues them.
  if (times[0] !== undefined && Number.isFinite(lastIssued) && floor > lastIssued) {
    const from = new Date(lastIssued).toISOString();
    const to = new Date(floor).toISOString();
    warnings.push({
      path: digest.id,
      code: 'digest-windows-skipped',
      reason:
        `the windows from ${from} to ${to} are in no issue (${options.since ? '--since starts after the last issue' : `a run issues at most the ${MAX_CATCH_UP} latest missed times`}); ` +
        `issue them with: feedwright digest ${digest.id} --since ${from} --at ${to}`,
    });
  }
  // Articles are loaded only when a scheduled time has no recorded issue yet: re-issuing a recorded time
  // (the common case for a retried or repeated run) reads no article source at all.
  let loaded: Awaited<ReturnType<LoadItems>> | undefined;
  const loadItems = async () => (loaded ??= await (deps.loadItems ?? loadSiteItems)(deps));

  const records = new Map(state.issues.map((r) => [r.date, r]));
  let emptyWindow = state.emptyWindow;
  const issued: DigestIssue[] = [];
  // Each issue record is read once per run: the carried ids, the frozen issues and the feeds share it.
  const stored = new Map<string, Promise<DigestIssue | null>>();
  const readIssue = (record: IssueRecord): Promise<DigestIssue | null> => {
    const made = issued.find((i) => i.date === record.date);
    if (made) return Promise.resolve(made);
    let read = stored.get(record.date);
    if (read === undefined) stored.set(record.date, (read = issueOfRecord(output, digest.id, record, log)));
    return read;
  };
  // The issues made this run; `issued` also holds those read back from their records.
  const made: string[] = [];
  let articles = 0;
  for (const time of times) {
    const scheduled = time.at.toISOString();
    const known = records.get(time.date);
    if (known !== undefined && known.scheduled !== scheduled) {
      // That date's issue was written under another schedule and is frozen; its window's articles go to the
      // next issue (whose window starts at it).
      log.info('digest issue for that date already written at another time', { digest: digest.id, date: time.date, scheduled, written: known.scheduled });
      continue;
    }
    const inIssuedSpan = known === undefined && time.at.getTime() > coveredFrom && time.at.getTime() <= lastIssued;
    // A backfill may still fill a window no issue covered (one a catch-up run skipped past the 62 it issues).
    if (inIssuedSpan && (options.since === undefined || (await overlapsAnIssue(windowFor(digest, time), records.values(), readIssue)))) {
      log.info('digest time inside the issued ones: its window was covered', { digest: digest.id, date: time.date, scheduled });
      continue;
    }
    let issue: DigestIssue | null = null;
    if (known?.scheduled === scheduled) {
      issue = await readIssue(known);
      if (issue === null) {
        // Frozen: made again from today's articles it would differ from what went out (and on S3 be mailed
        // again), so a lost record is reported and left out, never re-issued.
        const key = issueKey(digest.id, known.date, 'json');
        warnings.push({
          path: keyLocation(output, key),
          code: 'digest-issue-lost',
          reason: `issue ${known.date} is in the digest state but its record is missing or unreadable: not issued again and left out of the digest's feeds; restore ${key} from a backup or bucket version`,
        });
        continue;
      }
    }
    const version = issue === null && deps.siteVersion && !options.force ? await deps.siteVersion() : undefined;
    if (issue === null && version !== undefined && emptyWindow?.scheduled === scheduled && emptyWindow.siteVersion === version) {
      log.info('digest window has no new articles (site unchanged since it was checked)', { digest: digest.id, date: time.date, scheduled });
      continue;
    }
    if (issue === null) {
      const window = windowAfterLastIssue(digest, time, records.values(), floor);
      const carried = await carriedIds(records.values(), time, config.feed.size, readIssue);
      issue = buildIssue({ config, digest, items: (await loadItems()).items, window, carried });
      if (issue) {
        articles += issue.articleCount;
        made.push(issue.date);
        options.onIssue?.(issue);
      }
    }
    if (!issue) {
      if (version !== undefined) emptyWindow = { scheduled, siteVersion: version };
      log.info('digest window has no new articles', { digest: digest.id, date: time.date, scheduled });
      continue;
    }
    issued.push(issue);
    records.set(issue.date, recordOf(issue));
    log.info('digest issue', { digest: digest.id, date: issue.date, scheduled, articles: issue.articleCount });
  }

  const allRecords = [...records.values()].sort((a, b) => Date.parse(b.scheduled) - Date.parse(a.scheduled));
  const listed = await output.listVersions(digestPrefix(digest.id));
  // Trust a recorded hash only while the store shows the token read back after the run that wrote it.
  const trusted = trustedHashes(state.hashes, state.verified, listed);

  const feedObjects = await digestFeedObjects(config, digest, allRecords, readIssue, listed, trusted);
  const channelTitle = digestChannelTitle(config, digest);
  const indexObjects = digestIndexObjects(config, digest.id, channelTitle, allRecords);

  // Last: the sitemap names only pages already written.
  const sitemap = digestSitemapObject(config, digest.id, [...indexObjects.map((o) => o.key), ...allRecords.map((r) => issueKey(digest.id, r.date, 'html'))]);
  const objects: OutputObject[] = [...issued.flatMap(issueObjects), ...indexObjects, ...feedObjects, sitemap];
  // An object present but not vouched for (a lost or rebuilt digest state, a site copied with new version
  // tokens) is read back and left alone when it is already these bytes: a frozen issue's record written
  // again is, on S3, queued for mailing again.
  const sync = await syncObjects({ store: output, objects, previousHashes: trusted, present: new Set(listed.keys()), dryRun, force: options.force, log });

  const hashes = { ...state.hashes, ...sync.hashes };
  const after = dryRun ? listed : await output.listVersions(digestPrefix(digest.id));
  const verified = verifiedTokens(Object.keys(hashes), after);
  const nextState = serializeDigestState({ ...state, issues: allRecords, hashes, verified, ...(emptyWindow ? { emptyWindow } : {}) });
  const stateWritten = (await writeIfChanged(deps.state, stateKey, nextState, stateText, { dryRun, force: options.force })) ? [stateKey] : [];
  // The digest's feeds advertise the hub like the site's: pinged once the state records this run's work.
  const feedKeys = new Set(Object.values(digestFeedKeys(digest.id)));
  const pinged = dryRun ? undefined : await pingChangedFeeds(deps, sync.written.filter((key) => feedKeys.has(key)));
  if (pinged) stateWritten.push(...pinged.stateWritten);

  return {
    action: 'digest',
    // Articles of the issues made this run (one re-read from its record was counted by its own run).
    articles,
    rejected: loaded?.rejected ?? [],
    ...(warnings.length > 0 ? { warnings } : {}),
    written: sync.written,
    stateWritten,
    unchanged: sync.unchanged,
    deleted: [],
    durationMs: Math.round(performance.now() - started),
    dryRun,
    ...(pinged ? { websub: pinged.websub } : {}),
    issues: made.sort(),
  };
}

/**
 * Where the issued windows begin: the first issue's window start for a backfill (history before it may be
 * issued), else the beginning of time (a catch-up run issues nothing at or before the last issue).
 */
async function issuedSpanStart(issues: IssueRecord[], backfill: boolean, read: (record: IssueRecord) => Promise<DigestIssue | null>): Promise<number> {
  if (!backfill || issues.length === 0) return Number.NEGATIVE_INFINITY;
  const first = issues.reduce((a, b) => (Date.parse(b.scheduled) < Date.parse(a.scheduled) ? b : a));
  const stored = await read(first);
  return stored ? Date.parse(stored.windowStart) : Date.parse(first.scheduled);
}

/** Whether `window` shares time with an issue's window (an unreadable record counts as its scheduled instant). */
async function overlapsAnIssue(window: DigestWindow, records: Iterable<IssueRecord>, read: (record: IssueRecord) => Promise<DigestIssue | null>): Promise<boolean> {
  const start = window.start.getTime();
  const end = window.end.getTime();
  for (const record of records) {
    const scheduled = Date.parse(record.scheduled);
    if (scheduled <= start) continue;
    const issue = await read(record);
    const issueStart = issue ? Date.parse(issue.windowStart) : scheduled - 1;
    if (issueStart < end) return true;
  }
  return false;
}

/**
 * The ids of the articles the issues nearest to `time` carried (at most `limit` issues: the digest feed's
 * size, what a subscriber holds), read from their records: an article whose date was corrected forward
 * after it went out is not sent again. Read from the records, not kept in the state, so the state does
 * not grow with every article ever issued.
 */
async function carriedIds(records: Iterable<IssueRecord>, time: ScheduledTime, limit: number, read: (record: IssueRecord) => Promise<DigestIssue | null>): Promise<Set<string>> {
  const at = time.at.getTime();
  const nearest = [...records]
    .filter((r) => r.date !== time.date)
    .sort((a, b) => Math.abs(Date.parse(a.scheduled) - at) - Math.abs(Date.parse(b.scheduled) - at) || Date.parse(a.scheduled) - Date.parse(b.scheduled))
    .slice(0, limit);
  const ids = new Set<string>();
  for (const record of nearest) {
    const issue = await read(record);
    for (const section of issue?.sections ?? []) for (const article of section.articles) ids.add(article.id);
  }
  return ids;
}

/** The stored issue a record names (its `.json`), or null when it is missing or unreadable (logged). */
function issueOfRecord(output: Store, digestId: string, record: IssueRecord, log: Logger): Promise<DigestIssue | null> {
  return readStoredIssue(output, issueKey(digestId, record.date, 'json'), log);
}

/**
 * The window of the issue due at `time`: from the config's previous scheduled time, or from the last
 * issue before `time` when that differs (a changed schedule), but never before `floor` (the start of the
 * first window this run looks at), so a digest paused for months does not gather them all in one issue.
 */
function windowAfterLastIssue(digest: DigestConfig, time: ScheduledTime, records: Iterable<IssueRecord>, floor: number): DigestWindow {
  const window = windowFor(digest, time);
  let last = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    const t = Date.parse(r.scheduled);
    if (t < time.at.getTime() && t > last) last = t;
  }
  if (!Number.isFinite(last)) return window;
  return { ...window, start: new Date(Math.max(last, floor)) };
}

/**
 * `--rebuild-state` for a digest: the issued issues are what its published issue records (`<date>.json`)
 * say, so a lost or corrupt digest state never re-issues a window readers already got. Hashes start empty:
 * the next write compares bytes again.
 */
async function rebuiltDigestState(output: Store, digestId: string, log: Logger): Promise<DigestState> {
  const state = emptyDigestState(digestId);
  for (const key of await output.list(digestPrefix(digestId))) {
    if (!/\/\d{4}-\d{2}-\d{2}\.json$/.test(key)) continue;
    const issue = await readStoredIssue(output, key, log);
    if (issue && issue.digestId === digestId) state.issues.push(recordOf(issue));
  }
  log.info('digest state rebuilt from published issues', { digest: digestId, issues: state.issues.length });
  return state;
}
