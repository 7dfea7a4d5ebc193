import { createHash } from 'node:crypto';
import { validateKey, validatePrefix } from './object-key.js';
import type { ObjectMeta, Store } from './store.js';

/** In-memory store for unit tests and dry runs; also records every write so tests can count them. */
export function createMemoryStore(initial: Record<string, string | Uint8Array> = {}): Store & {
  objects: Map<string, { body: Uint8Array; meta?: ObjectMeta }>;
  writes: string[];
  deletes: string[];
} {
  const objects = new Map<string, { body: Uint8Array; meta?: ObjectMeta }>();
  // Copied so a caller reusing its buffer cannot change what was "stored", as with a real store.
  const encode = (b: string | Uint8Array) => (typeof b === 'string' ? new TextEncoder().encode(b) : b.slice());
  for (const [k, v] of Object.entries(initial)) objects.set(k, { body: encode(v) });
  const writes: string[] = [];
  const deletes: string[] = [];
  return {
    description: 'memory',
    objects,
    writes,
    deletes,
    async list(prefix) {
      validatePrefix(prefix);
      return [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    },
    async listVersions(prefix) {
      validatePrefix(prefix);
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      return new Map(keys.map((k) => [k, createHash('sha256').update(objects.get(k)?.body ?? new Uint8Array()).digest('hex')]));
    },
    async read(key) {
      return objects.get(validateKey(key))?.body ?? null;
    },
    async write(key, body, meta) {
      writes.push(validateKey(key));
      objects.set(key, { body: encode(body), meta });
    },
    async delete(key) {
      deletes.push(validateKey(key));
      objects.delete(key);
    },
  };
}
