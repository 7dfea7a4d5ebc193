import { createHash } from 'node:crypto';
import { invalidKeyReason, validateKey, validatePrefix } from './object-key.js';
import type { ObjectMeta, Store } from './store.js';

export interface MemoryStore extends Store {
  objects: Map<string, { body: Uint8Array; meta?: ObjectMeta }>;
  writes: string[];
  deletes: string[];
}

/**
 * In-memory store for unit tests and dry runs; also records every write so tests can count them.
 *
 * It is also the store double that proves the lease protocol: `writeIf` enforces its condition strictly,
 * as S3 does (s3rver ignores conditional headers). Every operation yields once (a microtask) before
 * it acts, so concurrent callers interleave between a read and the conditional write that follows it,
 * as they do against a real server. Versions are SHA-256 digests of the bytes, like an S3 ETag.
 *
 * `initial` may hold keys that are not valid (a Windows upload tool's `a\b.md`): `scan` reports them, the
 * other listings leave them out, as the disk and S3 stores do.
 */
export function createMemoryStore(initial: Record<string, string | Uint8Array> = {}): MemoryStore {
  const objects = new Map<string, { body: Uint8Array; meta?: ObjectMeta }>();
  // Copied so a caller reusing its buffer cannot change what was "stored", as with a real store
  // (`new Uint8Array(b)`, not `b.slice()`: a Buffer's `slice` is a view).
  const encode = (b: string | Uint8Array) => (typeof b === 'string' ? new TextEncoder().encode(b) : new Uint8Array(b));
  const versionOf = (body: Uint8Array) => createHash('sha256').update(body).digest('hex');
  for (const [k, v] of Object.entries(initial)) objects.set(k, { body: encode(v) });
  const under = (prefix: string) => {
    validatePrefix(prefix);
    return [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  };
  const validUnder = (prefix: string) => under(prefix).filter((k) => invalidKeyReason(k) === undefined);
  const versionsOf = (keys: string[]) => new Map(keys.map((k) => [k, versionOf(objects.get(k)?.body ?? new Uint8Array())]));
  // A microtask, not a timer: tests that fake timers must not hang.
  const tick = () => Promise.resolve();
  const writes: string[] = [];
  const deletes: string[] = [];
  return {
    description: 'memory',
    objects,
    writes,
    deletes,
    async list(prefix) {
      await tick();
      return validUnder(prefix);
    },
    async listVersions(prefix) {
      await tick();
      return versionsOf(validUnder(prefix));
    },
    async versionsOfKeys(keys) {
      await tick();
      return versionsOf(keys.filter((k) => objects.has(k)));
    },
    async scan(prefix) {
      await tick();
      const keys = under(prefix);
      const skipped = keys.flatMap((key) => {
        const reason = invalidKeyReason(key);
        return reason === undefined ? [] : [{ key, reason: `name is not a valid key: ${reason}` }];
      });
      return { versions: versionsOf(validUnder(prefix)), skipped };
    },
    async read(key) {
      validateKey(key);
      await tick();
      return objects.get(key)?.body.slice() ?? null;
    },
    async readVersioned(key) {
      validateKey(key);
      await tick();
      const object = objects.get(key);
      return object ? { bytes: object.body.slice(), version: versionOf(object.body) } : null;
    },
    async write(key, body, meta) {
      validateKey(key);
      await tick();
      writes.push(key);
      objects.set(key, { body: encode(body), meta });
    },
    async writeIf(key, body, meta, condition) {
      validateKey(key);
      await tick();
      // Check and set with no await in between: atomic, like S3's conditional PutObject.
      const current = objects.get(key);
      const holds = 'ifNoneMatch' in condition ? current === undefined : current !== undefined && versionOf(current.body) === condition.ifMatch;
      if (!holds) return false;
      writes.push(key);
      objects.set(key, { body: encode(body), meta });
      return true;
    },
    async delete(key) {
      validateKey(key);
      await tick();
      deletes.push(key);
      objects.delete(key);
    },
  };
}
