import { createHash } from 'node:crypto';
import type { Store } from '../storage/store.js';
import { STATE_OBJECT_META, objectMetaFor } from '../storage/content-type.js';
import type { Logger } from './logger.js';

export interface OutputObject {
  key: string;
  /** Text, the bytes of a copied file (`assets/`), or how to render them (called only when needed). */
  body: string | Uint8Array | (() => string | Uint8Array);
  /**
   * Hash of everything the body is made from. When it equals the signature recorded for the key and the
   * recorded hash is trusted (the store still shows the verified copy), the object is neither rendered
   * nor written.
   */
  signature?: string;
  /**
   * Consecutive objects with the same phase may be written in parallel; phases are written in order.
   * Without a phase an object is written on its own, after everything before it.
   */
  phase?: string;
}

// Parallel writes within a phase: hides per-object latency (S3 round trips, fs rename) without
// opening thousands of sockets or file handles at once.
const WRITE_CONCURRENCY = 16;

// Objects rendered before their batch is written: memory holds one batch of bodies, not the whole site.
const RENDER_BATCH = 256;

function phases(objects: OutputObject[]): OutputObject[][] {
  const groups: OutputObject[][] = [];
  let previous: string | undefined;
  for (const object of objects) {
    const last = groups[groups.length - 1];
    if (last && object.phase !== undefined && object.phase === previous) last.push(object);
    else groups.push([object]);
    previous = object.phase;
  }
  return groups;
}

export async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface SyncResult {
  written: string[];
  unchanged: number;
  /** key → hash of every object in `objects` (the new hash map to persist). */
  hashes: Record<string, string>;
  /** key → signature of every signed object (persisted with the hashes). */
  signatures: Record<string, string>;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Change detection for output objects only (never an id or a security check), on the cold-build path of
 * every page and feed (~280 MB at 10,000 articles): SHA-1 runs on the CPU's SHA extensions, 1.9–2.6×
 * faster than MD5 here from 20 KB up (MD5 has none), and a little faster than SHA-256.
 */
export function objectHash(body: string | Uint8Array): string {
  return createHash('sha1').update(body).digest('hex');
}

/**
 * Whether `body` is what `previous` was recorded from. Releases before 2026-12 recorded MD5 (32 hex
 * digits): such a hash is checked with MD5 once, so an upgrade rewrites nothing that did not change.
 */
function sameBody(previous: string | undefined, hash: string, body: string | Uint8Array): boolean {
  if (previous === undefined) return false;
  if (previous.length !== 32) return previous === hash;
  return createHash('md5').update(body).digest('hex') === previous;
}

/**
 * Whether the writer keeps an object without rendering it: not forced, signed with the signature the last
 * run recorded for it, and its verified copy (trusted hash) is present. The one rule the single run and the
 * fan-out's planning both follow (a unit's stored input leaves such an object's source out).
 */
export function keptUnrendered(
  object: Pick<OutputObject, 'key' | 'signature'>,
  previous: { previousHashes: Record<string, string>; previousSignatures: Record<string, string>; present: (key: string) => boolean; force: boolean },
): boolean {
  return (
    !previous.force &&
    object.signature !== undefined &&
    previous.previousHashes[object.key] !== undefined &&
    previous.previousSignatures[object.key] === object.signature &&
    previous.present(object.key)
  );
}

/** Room for a batch's texts: the largest documents (archive pages) are ~0.1-0.3 MB of UTF-8. */
const ARENA_BYTES = 8 * 1024 * 1024;

/**
 * UTF-8 bytes of one batch's texts, side by side in memory reused batch after batch, valid until the next
 * `reset` (the batch's writes have settled by then: see `Store.write`). A new buffer for each of the
 * 14,000 objects of a cold 10,000-article build cost ~0.2 s of CPU in allocation and page faults alone,
 * and counted as external memory that made V8 collect more often. The memory also outlives the call
 * (`release`): a fresh 8 MB buffer per call (five in a cold build, one or more in every run) costs a page
 * fault per 4 KB the first time it is written, ~15 µs each on a virtual machine of the Lambda kind.
 */
function batchEncoder() {
  let arena = spareArena ?? Buffer.allocUnsafeSlow(ARENA_BYTES);
  // A call running beside this one (digests, a test) finds no spare and makes its own.
  spareArena = undefined;
  let used = 0;
  return {
    reset() {
      used = 0;
    },
    encode(text: string): string | Uint8Array {
      // Three bytes per UTF-16 code unit at most (a surrogate pair is two units for four bytes).
      const room = text.length * 3;
      // A text bigger than the arena (a 50,000-URL sitemap part: ~20 MB of room for ~6.5 MB of UTF-8) is
      // hashed and written as it is: a buffer made for it stayed in memory, counted but dead, until V8's next
      // full collection, which at 100,000 articles came after the run's memory peak (+40 MB external there).
      if (room > ARENA_BYTES) return text;
      if (used + room > arena.length) {
        // Views already handed out keep the old buffer alive until the batch is done with them.
        arena = Buffer.allocUnsafeSlow(ARENA_BYTES);
        used = 0;
      }
      const length = arena.write(text, used, 'utf8');
      const bytes = arena.subarray(used, used + length);
      used += length;
      return bytes;
    },
    /** Once every write has settled: the memory serves the next call. */
    release() {
      spareArena ??= arena;
    },
  };
}

let spareArena: Buffer | undefined;

/**
 * Writes, in the given order, only the objects whose bytes differ from what the previous run wrote.
 * `present` (keys that exist in the store now) lets a deleted or never-finished object be rewritten
 * even when the recorded hash matches, so a crashed run converges on the next one. `previousHashes`
 * must hold only trusted hashes: a signed object whose signature is unchanged keeps its hash unrendered.
 */
export async function syncObjects(args: {
  store: Store;
  objects: OutputObject[];
  previousHashes: Record<string, string>;
  previousSignatures?: Record<string, string>;
  present?: Set<string>;
  dryRun?: boolean;
  force?: boolean;
  log: Logger;
  feedMaxAgeSeconds?: number;
}): Promise<SyncResult> {
  const written: string[] = [];
  const hashes: Record<string, string> = {};
  const signatures: Record<string, string> = {};
  let unchanged = 0;
  // No closure here captures `args`: optimized code kept the context of a closure that did, and with it
  // `args.objects`, the first call's whole unit (a cold build's 20,000 planned pages) until the run ended.
  const { store, feedMaxAgeSeconds } = args;
  const presentKeys = args.present;
  const present = (key: string) => presentKeys?.has(key) ?? true;
  const recorded = { previousHashes: args.previousHashes, previousSignatures: args.previousSignatures ?? {}, present, force: args.force === true };
  const encoder = batchEncoder();
  for (const group of phases(args.objects)) {
    for (let start = 0; start < group.length; start += RENDER_BATCH) {
      encoder.reset();
      const candidates: { key: string; body: string | Uint8Array; unverified?: string }[] = [];
      for (const object of group.slice(start, start + RENDER_BATCH)) {
        const previous = args.previousHashes[object.key];
        if (object.signature !== undefined) signatures[object.key] = object.signature;
        if (previous !== undefined && keptUnrendered(object, recorded)) {
          hashes[object.key] = previous;
          unchanged++;
          continue;
        }
        const rendered = typeof object.body === 'function' ? object.body() : object.body;
        // Encoded once for the hash and the write: hashing a string and writing it each encoded it to UTF-8
        // (~0.5 s of CPU each in a cold 10,000-article build). The bytes are the same either way.
        const body = typeof rendered === 'string' ? encoder.encode(rendered) : rendered;
        const hash = objectHash(body);
        hashes[object.key] = hash;
        if (sameBody(previous, hash, body) && present(object.key) && !args.force) unchanged++;
        else if (previous === undefined && presentKeys?.has(object.key) && !args.force) candidates.push({ key: object.key, body, unverified: hash });
        else candidates.push({ key: object.key, body });
      }
      const changed = await withoutPublishedCopies(store, candidates);
      unchanged += candidates.length - changed.length;
      if (!args.dryRun) {
        await forEachLimited(changed, WRITE_CONCURRENCY, (object) => store.write(object.key, object.body, objectMetaFor(object.key, { feedMaxAgeSeconds })));
      }
      written.push(...changed.map((o) => o.key));
    }
  }
  encoder.release();
  return { written, unchanged, hashes, signatures };
}

/**
 * The objects of `changed` to write: those no recorded hash vouched for but that the store lists
 * (`unverified`: a lost or rebuilt state, a project copied with `cp -a` so every version token changed, a
 * crashed run's last writes) are read back first and left alone when their bytes are already these. The
 * store is otherwise never read: one read per such object spares a rewrite of the whole site, which would
 * move every file's modification time (and on S3 every ETag and Last-Modified a reader's conditional GET
 * or a sync tool goes by).
 */
async function withoutPublishedCopies(
  store: Store,
  changed: { key: string; body: string | Uint8Array; unverified?: string }[],
): Promise<{ key: string; body: string | Uint8Array }[]> {
  const published = new Set<string>();
  const unverified = changed.filter((o) => o.unverified !== undefined);
  await forEachLimited(unverified, WRITE_CONCURRENCY, async (object) => {
    const bytes = await store.read(object.key);
    if (bytes !== null && objectHash(bytes) === object.unverified) published.add(object.key);
  });
  return published.size === 0 ? changed : changed.filter((o) => !published.has(o.key));
}

/**
 * Writes one state-store object (private JSON, `no-store`) unless `previous` is the same text, or when
 * forced; true when it was written, or would be in a dry run.
 */
export async function writeIfChanged(
  store: Store,
  key: string,
  body: string,
  previous: string | null,
  options: { dryRun?: boolean; force?: boolean },
): Promise<boolean> {
  if (previous === body && !options.force) return false;
  if (!options.dryRun) await store.write(key, body, STATE_OBJECT_META);
  return true;
}

/**
 * The recorded hashes a run may trust: only those whose object the store still lists with the version
 * token read back after the run that wrote it. Anything written, changed or removed since (a crashed run,
 * a hand edit) is left out, so it is rewritten rather than trusted. A recorded token equal to the listing's
 * is pointed at the listing's string (the same value): the state's parsed copy of every output's token,
 * ~7 MB at 100,000 articles, is then not held beside it.
 */
export function trustedHashes(hashes: Record<string, string>, verified: Record<string, string>, listing: Map<string, string>): Record<string, string> {
  const trusted: Record<string, string> = {};
  // for-in over the state's own records (plain JSON objects): no [key, value] pair per object.
  for (const key in hashes) {
    const token = verified[key];
    const listed = listing.get(key);
    if (token === undefined || listed !== token) continue;
    verified[key] = listed;
    trusted[key] = hashes[key] as string;
  }
  return trusted;
}

/** The version tokens the store now lists for `keys`: what the next run verifies against. */
export function verifiedTokens(keys: Iterable<string>, listing: Map<string, string>): Record<string, string> {
  const verified: Record<string, string> = {};
  for (const key of keys) {
    const token = listing.get(key);
    if (token !== undefined) verified[key] = token;
  }
  return verified;
}
