import type { CheckedItem } from './check-feed.js';

/**
 * An item's serialized form per writer and content mode, made once per checked item. One article is
 * in up to ~15 documents (site and category feeds and their archives, three formats each); building
 * and escaping its element each time was most of the rendering time of a large site.
 */
export function createItemCache<T>(): (item: CheckedItem, mode: string, make: () => T) => T {
  const cache = new WeakMap<CheckedItem, Map<string, T>>();
  return (item, mode, make) => {
    let byMode = cache.get(item);
    if (byMode === undefined) {
      byMode = new Map();
      cache.set(item, byMode);
    }
    let made = byMode.get(mode);
    if (made === undefined) {
      made = make();
      byMode.set(mode, made);
    }
    return made;
  };
}
