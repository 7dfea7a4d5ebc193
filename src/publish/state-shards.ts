import * as crypto from 'node:crypto';
import { keyLocation, type Store } from '../storage/store.js';
import { STATE_OBJECT_META } from '../storage/content-type.js';
import { type PublishState, StateError } from './state.js';
import { forEachLimited } from './sync-objects.js';

// Shards read at once: enough to hide a remote store's latency, few enough that little JSON is held.
const SHARD_READS = 32;

/**
 * The publisher state on disk (version 2): a small manifest (`state.json`) naming the shard objects
 * (`shards/NN-<hash>.json`). Every record lives in a shard picked by a hash: an article's records by its
 * source path, each output object's hash, version token and signature by its key, or by its folder for
 * a feed's documents (its three formats and index page). Adding or editing one article therefore rewrites a few shards
 * and the manifest, not the whole state.
 *
 * No state object grows with the site: the number of shards is the smallest power of two (at least 64)
 * that keeps the average shard at `RECORDS_PER_SHARD` keys or fewer, so a shard holds a bounded number of
 * records at any size, and the manifest holds only run-wide fields and the shard names (about 36 bytes per
 * ~1,000 keys: 9 KB at 100,000 articles). A site that crosses a power of two is re-split once.
 *
 * Shards are named by a hash of their bytes and never overwritten: a run writes its new shards, then the
 * manifest (the commit point), then deletes the shards no manifest names. A crash before the manifest
 * leaves the old manifest with all its shards; after it, the new one with all of its own; orphans of a
 * crashed run are deleted by the next.
 */
export const SHARD_PREFIX = 'shards/';
const MIN_SHARD_BITS = 6;
// Bucketing uses the first 16 bits of a key's MD5: 65,536 shards at most (~65 million keys at the default).
const MAX_SHARD_BITS = 16;
/** Average keys (sources plus output objects) per shard before the count doubles; ~1–1.5 MB of JSON. */
export const RECORDS_PER_SHARD = 1024;

const SHARDED = ['sources', 'items', 'articles', 'retired', 'objects', 'verified', 'signatures'] as const;
type Sharded = (typeof SHARDED)[number];

// One source path is hashed for up to seven fields (and an object key for three): computed once per run.
// The first 16 bits of the MD5, so at 64 shards a key lands where releases with a fixed 64 put it.
const keyHashes = new Map<string, number>();
function hashOf(key: string): number {
  let hash = keyHashes.get(key);
  if (hash === undefined) {
    hash = md5Prefix(key);
    if (keyHashes.size > 1_000_000) keyHashes.clear();
    keyHashes.set(key, hash);
  }
  return hash;
}

// Node's one-shot hash (20.12+) skips the Hash object: about half the cost for keys this short, and a
// run hashes every key of the state (~24,000 at 10,000 articles). The same first 16 bits either way.
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;
const md5Prefix = oneShot
  ? (key: string) => Number.parseInt(oneShot('md5', key).slice(0, 4), 16)
  : (key: string) => crypto.createHash('md5').update(key).digest().readUInt16BE(0);

/** How many shards a state of this many keys is split into (a power of two). */
export function shardCountFor(keys: number, perShard = RECORDS_PER_SHARD): number {
  let bits = MIN_SHARD_BITS;
  while (bits < MAX_SHARD_BITS && keys > perShard * 2 ** bits) bits++;
  return 2 ** bits;
}

// A feed's three formats and its index page change together (one new article rewrites them all), so they
// share a shard: documents named like that are placed by their folder, which holds at most those four.
// Every other object (article pages, copied files, listing pages, sitemap parts: folders that grow with
// the site) by its own key. So a run rewrites a few shards, not one per document it wrote.
const FOLDER_GROUPED = /(?:^|\/)(?:feed\.xml|atom\.xml|feed\.json|index\.html)$/;
function objectOwner(key: string): string {
  return FOLDER_GROUPED.test(key) ? key.slice(0, key.lastIndexOf('/') + 1) : key;
}

/** Which shard a record belongs to: an article's by its source path, an object's by its key or folder. */
function shardFor(field: Sharded, key: string, count: number): number {
  if (field === 'objects' || field === 'verified' || field === 'signatures') return hashOf(objectOwner(key)) % count;
  // An article key is its source path, plus `#n` for one of several articles in a JSON source.
  const hash = key.indexOf('#');
  return hashOf(hash < 0 ? key : key.slice(0, hash)) % count;
}

/** `${SHARD_PREFIX}NN-<first 16 hex digits of the SHA-256 of the shard's UTF-8 bytes>.json` */
const contentName = (index: number, content: string | Uint8Array) =>
  `${SHARD_PREFIX}${String(index).padStart(2, '0')}-${crypto.createHash('sha256').update(content).digest('hex').slice(0, 16)}.json`;
const SHARD_NAME = /^shards\/(\d{2,5})-[0-9a-f]{16}\.json$/;
const indexOf = (name: string) => Number(SHARD_NAME.exec(name)?.[1]);

/**
 * One shard as read: its name and the keys it held, per field in `SHARDED` order, in the order read
 * (`null` when it lacked a field: it is then never kept). Not its text (~1 MB of JSON a shard, ~150 MB at
 * 100,000 articles), and not its parsed records: their values are the state's own (`ReadShards.records`),
 * and a dictionary per field per shard (1,792 of them at 100,000 articles, ~35 MB) was held to the end of
 * every incremental run, its memory peak, where these arrays of the same keys take ~5 MB.
 */
export interface ReadShard {
  name: string;
  keys: string[][] | null;
}

/**
 * The shards a run read, by index. A shard whose keys are the keys read and whose records are all the very
 * values read (same objects: the state was taken as read) keeps its old name without being serialized
 * again; adding one article to a large site changes a handful of them.
 * `placed`: the shard each key was read from, by source path (sources, items, articles, retired) and by
 * object key (objects, verified, signatures). Set only for a manifest in the current layout, whose shards
 * were placed by `shardFor` itself; then a key read at the same shard count is not hashed again.
 * `records`: the state's records as read, by field: the dictionaries the read state holds (a run replaces
 * a field it changes, never edits one in place), what a shard's values are compared with.
 */
export interface ReadShards {
  shards: Map<number, ReadShard>;
  placed?: { bySource: Map<string, number>; byObject: Map<string, number> };
  records?: Record<Sharded, Record<string, unknown>>;
}

const BY_OBJECT: ReadonlySet<Sharded> = new Set(['objects', 'verified', 'signatures']);

/** A shard's keys, per field (in `SHARDED` order), as the state holds them. */
type ShardKeys = string[][];

/**
 * Whether the prior shard held exactly these keys (in the sorted order its text is written in) with the very
 * same values (no more fields, no other keys). Sorts `keys` in place, as serializing the shard would.
 */
function sameRecords(state: PublishState, keys: ShardKeys, prior: ReadShard, records: Record<Sharded, Record<string, unknown>>): boolean {
  if (prior.keys === null) return false;
  for (let f = 0; f < SHARDED.length; f++) {
    const field = SHARDED[f] as Sharded;
    const own = keys[f] as string[];
    const read = prior.keys[f] as string[];
    if (own.length !== read.length) return false;
    own.sort();
    const now = state[field] as Record<string, unknown>;
    const before = records[field];
    for (let i = 0; i < own.length; i++) {
      const key = own[i] as string;
      if (key !== read[i] || now[key] !== before[key] || !Object.hasOwn(before, key)) return false;
    }
  }
  return true;
}

function shardText(state: PublishState, keys: ShardKeys): string {
  const part = (field: Sharded, own: string[]) => {
    const record = state[field] as Record<string, unknown>;
    return Object.fromEntries(own.sort().map((k) => [k, record[k]]));
  };
  return `${JSON.stringify(Object.fromEntries(SHARDED.map((f, i) => [f, part(f, keys[i] as string[])])))}\n`;
}

/**
 * The manifest text and the shard objects (name → text) for a state; same state, same bytes.
 * `perShard` is the average number of keys a shard may hold before the count doubles (tests lower it).
 */
export function splitState(state: PublishState, read?: ReadShards, perShard = RECORDS_PER_SHARD): { manifest: string; shards: Map<string, string> } {
  const named = new Map<string, string>();
  for (const { name, text } of stateShards(state, read, perShard, () => false)) named.set(name, text as string);
  return { manifest: manifestText(state, [...named.keys()]), shards: named };
}

/**
 * The shards of a state one at a time, each serialized only when it is reached: a writer that lets each
 * one go once written never holds the whole state's text (~150 MB at 100,000 articles) at once. A shard
 * read with the very same records comes without text (null) when `stored` says its name is in the store.
 */
function* stateShards(
  state: PublishState,
  read: ReadShards | undefined,
  perShard: number,
  stored: (name: string) => boolean,
): Generator<{ name: string; text: string | null }> {
  // Each field's keys listed once (a record of 10,000 keys is not cheap to list): for the count and the placing.
  const fieldKeys = SHARDED.map((field) => Object.keys(state[field]));
  const count = shardCountFor((fieldKeys[SHARDED.indexOf('sources')] as string[]).length + (fieldKeys[SHARDED.indexOf('objects')] as string[]).length, perShard);
  // A shard read under another count holds other keys: only one read at this count can be kept as it was.
  const reusable = read !== undefined && read.shards.size === count ? read : undefined;
  // Keys only, placed by shard: the records stay where they are until a shard has to be serialized.
  // Plain loops: this runs once per process over every key (~60,000 at 10,000 articles), mostly before the JIT.
  const placed: ShardKeys[] = Array.from({ length: count }, () => SHARDED.map(() => []));
  for (let f = 0; f < SHARDED.length; f++) {
    const field = SHARDED[f] as Sharded;
    const known = reusable?.placed?.[BY_OBJECT.has(field) ? 'byObject' : 'bySource'];
    const keys = fieldKeys[f] as string[];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const index = known?.get(key) ?? shardFor(field, key, count);
      ((placed[index] as ShardKeys)[f] as string[]).push(key);
    }
  }
  for (let index = 0; index < count; index++) {
    const keys = placed[index] as ShardKeys;
    const prior = reusable?.shards.get(index);
    if (prior && reusable?.records && stored(prior.name) && sameRecords(state, keys, prior, reusable.records)) {
      yield { name: prior.name, text: null };
      continue;
    }
    const text = shardText(state, keys);
    yield { name: contentName(index, text), text };
  }
}

function manifestText(state: PublishState, shards: string[]): string {
  return `${JSON.stringify({
    version: 2,
    inputFingerprint: state.inputFingerprint,
    // Not the run's rejections: they grow with the input, and each source's own sit in its shard.
    renderKey: state.renderKey,
    summaryKey: state.summaryKey,
    shards,
  })}\n`;
}

export function isShardedManifest(raw: unknown): raw is { version: 2; shards: string[] } & Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && (raw as { version?: unknown }).version === 2;
}

/** The whole state from a manifest: every shard it names is read and must match the hash in its name. */
export async function readShardedState(store: Store, manifest: Record<string, unknown>, where: string, collect?: ReadShards): Promise<Record<string, unknown>> {
  const names = manifest.shards;
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || !SHARD_NAME.test(n))) {
    throw new StateError(where, 'names no valid shards; run `feedwright build --rebuild-state`');
  }
  // Manifests written before every object moved into the shards still hold the site-wide objects' records.
  const merged: Record<string, unknown> = { ...manifest, version: 1, objects: { ...(manifest.objects as object | undefined) }, verified: { ...(manifest.verified as object | undefined) }, signatures: { ...(manifest.signatures as object | undefined) } };
  delete merged.shards;
  for (const field of ['sources', 'items', 'articles', 'retired'] as const) merged[field] = {};
  // Each shard parsed as soon as it is read, a few reads in flight (for a remote store's latency): at most
  // that many shards' bytes are held at once. All of them read first (a local folder answers every read
  // before any parse runs) held the whole state's JSON, ~140 MB at 100,000 articles, beside the records
  // parsed so far, and the process kept most of that memory to its end.
  const parsed: { name: string; shard: unknown }[] = new Array((names as string[]).length);
  await forEachLimited(
    (names as string[]).map((name, i) => ({ name, i })),
    SHARD_READS,
    // Named: it runs after an await, off `readShardedState`'s stack, and the bench's stage profile charges by name.
    async function readShard({ name, i }) {
      const bytes = await store.read(name);
      // The name hashes the bytes: checked before decoding (hashing the decoded text would encode it again).
      if (bytes === null || contentName(indexOf(name), bytes) !== name) {
        throw new StateError(keyLocation(store, name), `${bytes === null ? 'is missing' : 'does not match its name'} (named by ${where}); run \`feedwright build --rebuild-state\``);
      }
      try {
        parsed[i] = { name, shard: JSON.parse(new TextDecoder().decode(bytes)) as unknown };
      } catch (cause) {
        throw new StateError(name, 'is not valid JSON; run `feedwright build --rebuild-state`', { cause });
      }
    },
  );
  // Earlier layouts (site-wide objects in the manifest) placed keys otherwise: their places are not reused.
  const placed = collect && !('objects' in manifest || 'verified' in manifest || 'signatures' in manifest) ? { bySource: new Map<string, number>(), byObject: new Map<string, number>() } : undefined;
  for (const { name, shard } of parsed) {
    const index = indexOf(name);
    for (const field of SHARDED) {
      const part = (shard as Record<string, unknown> | null)?.[field];
      if (typeof part !== 'object' || part === null) continue;
      const into = merged[field] as Record<string, unknown>;
      const places = placed?.[BY_OBJECT.has(field) ? 'byObject' : 'bySource'];
      // for-in, not Object.assign: half the time on records of 10,000 keys (same [[Set]] semantics; JSON.parse objects have no inherited keys).
      for (const key in part) {
        into[key] = (part as Record<string, unknown>)[key];
        places?.set(key, index);
      }
    }
    if (collect) collect.shards.set(index, { name, keys: keysOf(shard) });
  }
  if (collect && placed) collect.placed = placed;
  if (collect) collect.records = Object.fromEntries(SHARDED.map((field) => [field, merged[field] as Record<string, unknown>])) as Record<Sharded, Record<string, unknown>>;
  return merged;
}

/** A parsed shard's keys per field, in `SHARDED` order; `null` unless it has exactly those fields, each a record. */
function keysOf(shard: unknown): string[][] | null {
  if (typeof shard !== 'object' || shard === null) return null;
  const fields = Object.keys(shard);
  if (fields.length !== SHARDED.length) return null;
  const keys: string[][] = [];
  for (const field of SHARDED) {
    const part = (shard as Record<string, unknown>)[field];
    if (typeof part !== 'object' || part === null || Array.isArray(part)) return null;
    keys.push(Object.keys(part));
  }
  return keys;
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
  options: { dryRun?: boolean; force?: boolean; perShard?: number },
  read?: ReadShards,
): Promise<{ written: string[]; deleted: string[] }> {
  let previousShards = new Set<string>();
  try {
    const raw: unknown = previous === null ? null : JSON.parse(previous);
    if (isShardedManifest(raw) && Array.isArray(raw.shards)) previousShards = new Set(raw.shards);
  } catch {
    // Not a manifest (a legacy state, or none): every shard is new.
  }
  const written: string[] = [];
  // Each shard is written as soon as it is serialized and not held after: the manifest needs only names.
  const names: string[] = [];
  const stored = (name: string) => previousShards.has(name) && !options.force;
  for (const { name, text } of stateShards(state, options.force ? undefined : read, options.perShard ?? RECORDS_PER_SHARD, stored)) {
    names.push(name);
    if (text === null || stored(name)) continue;
    if (!options.dryRun) await store.write(name, text, STATE_OBJECT_META);
    written.push(name);
  }
  const manifest = manifestText(state, names);
  if (previous !== manifest || options.force) {
    if (!options.dryRun) await store.write(manifestKey, manifest, STATE_OBJECT_META);
    written.push(manifestKey);
  }
  const named = new Set(names);
  const deleted = options.dryRun ? [] : (await store.list(SHARD_PREFIX)).filter((key) => !named.has(key));
  for (const key of deleted) await store.delete(key);
  return { written, deleted };
}
