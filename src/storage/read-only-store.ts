import { StorageError, type Store } from './store.js';

/**
 * A store that refuses every write and delete: what a dry run opens, so "writes nothing" holds by
 * construction rather than by every use case remembering to skip its writes.
 */
export function readOnlyStore(store: Store): Store {
  const refuse = (action: string, key: string): never => {
    throw new StorageError(`${store.description}: ${action} ${JSON.stringify(key)} refused: the store is open read-only (a dry run)`, { key });
  };
  return {
    ...store,
    async write(key) {
      return refuse('write', key);
    },
    async writeIf(key) {
      return refuse('write', key);
    },
    async delete(key) {
      return refuse('delete', key);
    },
  };
}
