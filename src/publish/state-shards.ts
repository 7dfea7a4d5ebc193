import { createHash } from 'node:crypto';
import { keyLocation, type Store } from '../storage/store.js';
import { STATE_OBJECT_META } from '../storage/content-type.js';
import { type PublishState, StateError } from './state.js';

/**
 * The publisher state on disk (version 2): a small manifest (`state.json`) naming 64 shard objects
 * (`shards/NN-<hash>.json`). Each article's records live in the shard of its source path, each page's
 * hash and version token in the shard of its key; the feeds', listings' and index's in the manifest.
 * Adding or editing one article therefore rewrites one or two shards and the manifest, not the whole state.
 *
 * Shards are named by a hash of their bytes and never overwritten: a run writes its new shards, then the
 * manifest (the commit point), then deletes the shards no manifest names. A crash before the manifest
 * leaves the old manifest with all its shards; after it, the new one with all of its own; orphans of a
 * crashed run are deleted by the next.
 */
export const SHARD_PREFIX = 'shards/';
const SHARD_COUNT = 64;

const SHARDED = ['sources', 'items', 'articles', 'retired', 'objects', 'verified', 'signatures'] as const;
type Sharded = (typeof SHARDED)[number];
type ShardContent = { [K in Sharded]: Record<string, unknown> };

// One source path is bucketed for up to seven fields (and a page key for three): computed once per run.
const buckets = new Map<string, number>();
function bucketOf(key: string): number {
  let bucket = buckets.get(key);
  if (bucket === undefined) {
    bucket = createHash('md5').update(key).digest().readUInt16BE(0) % SHARD_COUNT;
    if (buckets.size > 1_000_000) buckets.clear();
    buckets.set(key, bucket);
  }
  return bucket;
}

/** Which shard a record belongs to, or undefined for the manifest (site-wide objects). */
function shardFor(field: Sharded, key: string): number | undefined {
  if (field === 'objects' || field === 'verified' || field === 'signatures') return key.startsWith('articles/') ? bucketOf(key) : undefined;
  // An article key is its source path, plus `#n` for one of several articles in a JSON source.
  const source = key.split('#')[0] as string;
  return bucketOf(source);
}

const sortedRecord = (rec: Record<string, unknown>) => Object.fromEntries(Object.keys(rec).sort().map((k) => [k, rec[k]]));

function emptyShard(): ShardContent {
  return { sources: {}, items: {}, articles: {}, retired: {}, objects: {}, verified: {}, signatures: {} };
}

const contentName = (index: number, text: string) =>
  `${SHARD_PREFIX}${String(index).padStart(2, '0')}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`;

/**
 * The shards a run read, by index: name, text and parsed content. A shard whose records are all the very
 * values read (same objects: the state was taken as read) is written back under its old name without
 * being serialized again; adding one article to a large site changes two or three of the 64.
 */
export type ReadShards = Map<number, { name: string; text: string; content: Record<string, unknown> }>;

function sameRecords(shard: ShardContent, prior: Record<string, unknown>): boolean {
  const fields = Object.keys(prior);
  if (fields.length !== SHARDED.length || !SHARDED.every((f) => fields.includes(f))) return false;
  return SHARDED.every((field) => {
    const now = shard[field];
    const before = prior[field] as Record<string, unknown> | null;
    if (typeof before !== 'object' || before === null) return false;
    const keys = Object.keys(now);
    if (keys.length !== Object.keys(before).length) return false;
    return keys.every((key) => Object.hasOwn(before, key) && now[key] === before[key]);
  });
}

/** The manifest text and the shard objects (name → text) for a state; same state, same bytes. */
export function splitState(state: PublishState, read?: ReadShards): { manifest: string; shards: Map<string, string> } {
  const shards = Array.from({ length: SHARD_COUNT }, emptyShard);
  const site: Pick<ShardContent, 'objects' | 'verified' | 'signatures'> = { objects: {}, verified: {}, signatures: {} };
  for (const field of SHARDED) {
    for (const [key, value] of Object.entries(state[field])) {
      const index = shardFor(field, key);
      if (index === undefined) (site as Record<string, Record<string, unknown>>)[field]![key] = value;
      else (shards[index] as ShardContent)[field][key] = value;
    }
  }
  const named = new Map<string, string>();
  shards.forEach((shard, index) => {
    const prior = read?.get(index);
    if (prior && sameRecords(shard, prior.content)) {
      named.set(prior.name, prior.text);
      return;
    }
    const text = `${JSON.stringify(Object.fromEntries(SHARDED.map((f) => [f, sortedRecord(shard[f])])))}\n`;
    named.set(contentName(index, text), text);
  });
  const manifest = `${JSON.stringify({
    version: 2,
    inputFingerprint: state.inputFingerprint,
    rejected: state.rejected,
    renderKey: state.renderKey,
    summaryKey: state.summaryKey,
    objects: sortedRecord(site.objects),
    verified: sortedRecord(site.verified),
    signatures: sortedRecord(site.signatures),
    shards: [...named.keys()],
  })}\n`;
  return { manifest, shards: named };
}

export function isShardedManifest(raw: unknown): raw is { version: 2; shards: string[] } & Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && (raw as { version?: unknown }).version === 2;
}

/** The whole state from a manifest: every shard it names is read and must match the hash in its name. */
export async function readShardedState(store: Store, manifest: Record<string, unknown>, where: string, collect?: ReadShards): Promise<Record<string, unknown>> {
  const names = manifest.shards;
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || !/^shards\/\d{2}-[0-9a-f]{16}\.json$/.test(n))) {
    throw new StateError(where, 'names no valid shards; run `feedwright build --rebuild-state`');
  }
  const merged: Record<string, unknown> = { ...manifest, version: 1, objects: { ...(manifest.objects as object) }, verified: { ...(manifest.verified as object) }, signatures: { ...(manifest.signatures as object | undefined) } };
  delete merged.shards;
  for (const field of ['sources', 'items', 'articles', 'retired'] as const) merged[field] = {};
  const texts = await Promise.all(
    (names as string[]).map(async (name) => {
      const bytes = await store.read(name);
      const text = bytes === null ? null : new TextDecoder().decode(bytes);
      const index = Number(name.slice(SHARD_PREFIX.length, SHARD_PREFIX.length + 2));
      if (text === null || contentName(index, text) !== name) {
        throw new StateError(keyLocation(store, name), `${text === null ? 'is missing' : 'does not match its name'} (named by ${where}); run \`feedwright build --rebuild-state\``);
      }
      return { name, text };
    }),
  );
  for (const { name, text } of texts) {
    let shard: unknown;
    try {
      shard = JSON.parse(text);
    } catch (cause) {
      throw new StateError(name, 'is not valid JSON; run `feedwright build --rebuild-state`', { cause });
    }
    for (const field of SHARDED) {
      const part = (shard as Record<string, unknown> | null)?.[field];
      if (typeof part === 'object' && part !== null) Object.assign(merged[field] as object, part);
    }
    if (collect && typeof shard === 'object' && shard !== null) collect.set(Number(name.slice(SHARD_PREFIX.length, SHARD_PREFIX.length + 2)), { name, text, content: shard as Record<string, unknown> });
  }
  return merged;
}

/**
 * Writes the state: new shards, then the manifest, then removes shards no longer named (and any a
 * crashed run left). `previous` is the manifest text the run started from. Returns the keys written and deleted.
 */
export async function writeShardedState(
  store: Store,
  manifestKey: string,
  state: PublishState,
  previous: string | null,
  options: { dryRun?: boolean; force?: boolean },
  read?: ReadShards,
): Promise<{ written: string[]; deleted: string[] }> {
  const { manifest, shards } = splitState(state, options.force ? undefined : read);
  let previousShards = new Set<string>();
  try {
    const raw: unknown = previous === null ? null : JSON.parse(previous);
    if (isShardedManifest(raw) && Array.isArray(raw.shards)) previousShards = new Set(raw.shards);
  } catch {
    // Not a manifest (a legacy state, or none): every shard is new.
  }
  const written: string[] = [];
  for (const [name, text] of shards) {
    if (previousShards.has(name) && !options.force) continue;
    if (!options.dryRun) await store.write(name, text, STATE_OBJECT_META);
    written.push(name);
  }
  if (previous !== manifest || options.force) {
    if (!options.dryRun) await store.write(manifestKey, manifest, STATE_OBJECT_META);
    written.push(manifestKey);
  }
  const deleted = options.dryRun ? [] : (await store.list(SHARD_PREFIX)).filter((key) => !shards.has(key));
  for (const key of deleted) await store.delete(key);
  return { written, deleted };
}
