import type { Store } from '../../src/storage/index.js';

/** Called before each mutating call (write or delete) with its 1-based number across every wrapped store. */
export type BeforeMutation = (n: number, op: 'write' | 'delete', key: string, storeName: string) => void | Promise<void>;

/**
 * Wraps stores so one shared counter sees every write and delete of a run, whichever store it hits:
 * a kill point is "the Nth mutation of the run", state and output together.
 */
export function interceptStores(before: BeforeMutation): { wrap(store: Store, name: string): Store; count(): number } {
  let n = 0;
  return {
    count: () => n,
    wrap(store, name) {
      return {
        description: store.description,
        list: (prefix) => store.list(prefix),
        listVersions: (prefix) => store.listVersions(prefix),
        scan: (prefix) => store.scan(prefix),
        read: (key) => store.read(key),
        readVersioned: (key) => store.readVersioned(key),
        async writeIf(key, body, meta, condition) {
          n += 1;
          await before(n, 'write', key, name);
          return store.writeIf(key, body, meta, condition);
        },
        async write(key, body, meta) {
          n += 1;
          await before(n, 'write', key, name);
          return store.write(key, body, meta);
        },
        async delete(key) {
          n += 1;
          await before(n, 'delete', key, name);
          return store.delete(key);
        },
      };
    },
  };
}
