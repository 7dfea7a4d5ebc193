import * as z from 'zod';
import { keyLocation, type Store } from '../storage/store.js';
import { FeedwrightError } from '../errors/index.js';
import { isShardedManifest, type ReadShards, readShardedState } from './state-shards.js';

/** Keys in the state store (private: never inside the published output). The state's manifest (see state-shards.ts). */
export const STATE_KEY = 'state.json';
/** A small digest of the state, written after it, so a no-change run need not read the (large) state. */
export const SUMMARY_KEY = 'last-run.json';
/**
 * Where sites published by Feedwright before the state moved out of the output kept it. Read once to
 * migrate (first-seen dates live there), then deleted from the output.
 */
export const LEGACY_STATE_PREFIX = '_feedwright/';
/**
 * Written by a run that finds no state, before its first output write: the state location's record that
 * a Feedwright run writes into that output, even one that died or failed before it saved any state. A
 * later run that finds publisher files in the output and neither a state nor this claim refuses to touch
 * them (see `checkForeignOutput`).
 */
export const OUTPUT_CLAIM_KEY = 'output-claim.json';
export const LEGACY_STATE_KEY = '_feedwright/state.json';

export const RunSummarySchema = z.object({
  inputFingerprint: z.string(),
  /**
   * Hash of the output's own listing (key and version token of every publisher object) right after the
   * run: a later run takes the no-change path only if the store still lists exactly that, so an object
   * written, changed or removed since (a crashed run, a hand edit) forces a full, verifying run.
   */
  outputListing: z.string(),
  /** The state store's version token of `state.json` after the run: a state changed since (a hand edit, a truncation) is read and checked. */
  stateVersion: z.string(),
  objects: z.number(),
  articles: z.number(),
  rejected: z.array(z.object({ path: z.string(), reason: z.string() })),
  warnings: z.array(z.object({ path: z.string(), reason: z.string() })).default([]),
  drafts: z.number().default(0),
  held: z.array(z.object({ path: z.string(), until: z.string() })).default([]),
  /** The earliest held article's time: from then on the no-change path is not taken, so it is published. */
  heldUntil: z.string().optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** The last run's summary, or null when missing or unreadable (then the full state decides). */
export async function readRunSummary(store: Store): Promise<RunSummary | null> {
  const bytes = await store.read(SUMMARY_KEY);
  if (bytes === null) return null;
  try {
    const parsed = RunSummarySchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const ArticleRecordSchema = z.object({
  id: z.string(),
  firstSeen: z.string(),
  contentHash: z.string(),
  print: z.string().optional(),
  updated: z.string(),
  slug: z.string(),
});

const PersonStateSchema = z.object({ name: z.string(), email: z.string().optional(), url: z.string().optional() });

/** A published article without its content: enough for the index, OPML ordering and digests. */
const CachedItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string(),
  summary: z.string(),
  published: z.string(),
  updated: z.string(),
  authors: z.array(PersonStateSchema),
  categories: z.array(z.string()),
  image: z.string().optional(),
  enclosure: z.object({ url: z.string(), type: z.string(), length: z.number(), duration: z.number().optional() }).optional(),
  lang: z.string().optional(),
  slug: z.string(),
  sourcePath: z.string(),
  /** Input files the article references and the publisher copies to `assets/`; those it could not find. */
  assets: z.array(z.string()).optional(),
  missingAssets: z.array(z.string()).optional(),
  /** `contentFreePrint` of the item as made: archives and listings are signed without computing it again. */
  print: z.string().optional(),
});
export type CachedItem = z.infer<typeof CachedItemSchema>;

const SourceRecordSchema = z.object({
  /** The input store's version token (ETag, size+mtime+inode) when this source was last parsed. */
  version: z.string(),
  rejected: z.array(z.object({ path: z.string(), reason: z.string() })),
  warnings: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  /** Drafts in this source: counted in every report while the source is unchanged. */
  drafts: z.number().optional(),
});
export type SourceRecord = z.infer<typeof SourceRecordSchema>;

export const PublishStateSchema = z.object({
  version: z.literal(1),
  /** Per source article: id, first-seen time, content hash, slug — what keeps ids and dates stable. */
  articles: z.record(z.string(), ArticleRecordSchema),
  /**
   * `<summarizer version>:<budget>` of the summaries in `items`: while it is unchanged, an article whose
   * content hash is unchanged keeps its summary even when it is parsed again.
   */
  summaryKey: z.string().optional(),
  /** Hash of every object this publisher wrote, by key: drives skip-unchanged. */
  objects: z.record(z.string(), z.string()),
  /**
   * The store's version token of each of those objects, read back from the store's listing after the run.
   * A recorded hash is trusted only while the store still shows that token: an object a crashed run wrote
   * (or anyone changed) since has another token, so it is rewritten instead of trusted.
   */
  verified: z.record(z.string(), z.string()).default({}),
  /**
   * Per signed object (feeds, archives, listing pages): the hash of what it was rendered from. While it is
   * unchanged and the object verified, the object is not rendered again.
   */
  signatures: z.record(z.string(), z.string()).default({}),
  /**
   * Records of articles that left the input, kept for a while so an article that comes back (a folder
   * restored, a file moved back) keeps its id, slug and first-seen date instead of appearing as new.
   */
  retired: z.record(z.string(), ArticleRecordSchema.extend({ removed: z.string() })).default({}),
  /**
   * Hash of everything the output depends on (config, code versions, every source's version token).
   * Equal on the next run → nothing can have changed, and no source needs to be read.
   */
  inputFingerprint: z.string().optional(),
  /** Rejections of the run that wrote this state, so a no-change run still reports them. */
  rejected: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  /** Hash of the settings every page depends on; the item cache is reused only while it is equal. */
  renderKey: z.string().optional(),
  /** Per source path: version token and rejections, so unchanged sources are neither read nor parsed. */
  sources: z.record(z.string(), SourceRecordSchema).default({}),
  /** Per article key: the item without content, reused while its source is unchanged. */
  items: z.record(z.string(), CachedItemSchema).default({}),
});
export type PublishState = z.infer<typeof PublishStateSchema>;

export function emptyState(): PublishState {
  return { version: 1, articles: {}, objects: {}, verified: {}, signatures: {}, retired: {}, sources: {}, items: {} };
}

export class StateError extends FeedwrightError {
  override readonly name = 'StateError' as const;
  readonly code = 'corrupt-state';
  override readonly exitCode = 3;
  constructor(
    readonly key: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${key}: ${message}`, options);
  }
}

/** Reads the publisher's state; a missing file is a first run, a corrupt one is an error (never silently reset: it holds first-seen dates). */
export async function readState(store: Store, key = STATE_KEY): Promise<PublishState> {
  return parseStoredState(store, await store.read(key), keyLocation(store, key));
}

/**
 * State bytes read from `store`: a sharded manifest (version 2, read with its shards) or a single legacy
 * file (version 1, read once and written sharded by the run). `where` names the file in errors.
 * `unchanged`: the store shows the very manifest version the last run wrote (and recorded in
 * `last-run.json` after writing it), and every shard matches the hash in its name, so these are the
 * bytes a checked state was serialized to, and the shape check (most of the read time) is skipped.
 */
async function parseStoredState(store: Store, bytes: Uint8Array | null, where: string, unchanged = false, collect?: ReadShards): Promise<PublishState> {
  if (bytes === null) return emptyState();
  let raw = decodeState(bytes, where);
  if (isShardedManifest(raw)) raw = await readShardedState(store, raw, where, collect);
  else unchanged = false;
  return checkState(raw, where, unchanged);
}

function decodeState(bytes: Uint8Array, where: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new StateError(where, 'is not valid JSON; run `feedwright build --rebuild-state` to rebuild it from the sources and the published feeds', { cause });
  }
}

function checkState(raw: unknown, key: string, unchanged: boolean): PublishState {
  if (unchanged && typeof raw === 'object' && raw !== null && (raw as { version?: unknown }).version === 1) return raw as PublishState;
  const parsed = PublishStateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new StateError(key, `has an unexpected shape (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''}); run \`feedwright build --rebuild-state\``);
  }
  return parsed.data;
}

/**
 * The single-file (version 1) serialization, as Feedwright wrote it before the state was sharded: keys
 * sorted so the same state is the same bytes. Runs now write `splitState`; this stays for tests of the migration.
 */
export function serializeState(state: PublishState): string {
  const sorted = (rec: Record<string, unknown>) => Object.fromEntries(Object.keys(rec).sort().map((k) => [k, rec[k]]));
  return `${JSON.stringify(
    {
      version: state.version,
      inputFingerprint: state.inputFingerprint,
      rejected: state.rejected,
      renderKey: state.renderKey,
      sources: sorted(state.sources),
      items: sorted(state.items),
      articles: sorted(state.articles),
      summaryKey: state.summaryKey,
      objects: sorted(state.objects),
      verified: sorted(state.verified),
      signatures: sorted(state.signatures),
      retired: sorted(state.retired),
    },
  )}\n`;
}

/**
 * Points equal values of an article's item and record at one string: JSON.parse makes a string per value,
 * and an article's item and record repeat its id, slug, source path (its key) and dates (published, updated
 * and the record's updated are most often one date; first-seen dates are shared by every article of a run).
 * At 100,000 articles that was ~30 MB of copies held through every incremental run. Values do not change.
 */
function shareEqualStrings(state: PublishState): void {
  const firstSeen = new Map<string, string>();
  for (const key in state.articles) {
    const record = state.articles[key] as PublishState['articles'][string];
    let seen = firstSeen.get(record.firstSeen);
    if (seen === undefined) firstSeen.set(record.firstSeen, (seen = record.firstSeen));
    record.firstSeen = seen;
    const item = state.items[key];
    if (item === undefined) continue;
    if (item.updated === item.published) item.updated = item.published;
    if (record.updated === item.updated) record.updated = item.updated;
    if (item.id === record.id) item.id = record.id;
    if (item.slug === record.slug) item.slug = record.slug;
    // The key is the source path of a source with one article.
    if (item.sourcePath === key) item.sourcePath = key;
  }
}

/**
 * The publisher state a run starts from: the state store's own, else (a site published before the state
 * left the output) the legacy copy in the output, so first-seen dates survive the move. `text` is the
 * state store's current text (null when it has none yet), to skip rewriting an unchanged state.
 */
export async function readSiteState(
  state: Store,
  output: Store,
  unchanged = false,
): Promise<{ state: PublishState; text: string | null; shards?: ReadShards }> {
  const own = await state.read(STATE_KEY);
  if (own !== null) {
    // Shards are worth keeping only when the state is taken as read (unchanged): a checked copy has new objects.
    const shards: ReadShards | undefined = unchanged ? { shards: new Map() } : undefined;
    const read = await parseStoredState(state, own, keyLocation(state, STATE_KEY), unchanged, shards);
    shareEqualStrings(read);
    return { state: read, text: new TextDecoder().decode(own), ...(shards ? { shards } : {}) };
  }
  const legacy = await output.read(LEGACY_STATE_KEY);
  return { state: await parseStoredState(output, legacy, keyLocation(output, LEGACY_STATE_KEY)), text: null };
}
