import type { CheckedItem } from './check-feed.js';

/**
 * An item's serialized form per writer and content mode, made once per checked item. One article is
 * in up to ~15 documents (site and category feeds and their archives, three formats each); building
 * and escaping its element each time was most of the rendering time of a large site.
 *
 * Every archived item keeps its fragments until the site feeds (rendered last) have used them, so their
 * size is what this cache costs: a plain object per item rather than a Map (a Map's table is ~4 times
 * the size, and there are tens of thousands of them), and text flattened before it is kept.
 */
export function createItemCache<T>(): (item: CheckedItem, mode: string, make: () => T) => T {
  const cache = new WeakMap<CheckedItem, Record<string, T>>();
  return (item, mode, make) => {
    let byMode = cache.get(item);
    if (byMode === undefined) {
      byMode = Object.create(null) as Record<string, T>;
      cache.set(item, byMode);
    }
    let made = byMode[mode];
    if (made === undefined) {
      made = flattened(make());
      byMode[mode] = made;
    }
    return made;
  };
}

/**
 * Text built by concatenation (`replaceAll` builds its result that way) is a tree of one node per
 * piece: ~30 nodes and ~1 KB of overhead per JSON item. Reading a character makes V8 flatten the string
 * in place, so only the flat copy stays reachable.
 */
function flattened<T>(made: T): T {
  if (typeof made === 'string') made.charCodeAt(0);
  return made;
}
