import type { CheckedItem } from './check-feed.js';

/**
 * An item's serialized form per writer and content mode, made once per checked item. One article is
 * in up to ~15 documents (site and category feeds and their archives, three formats each); building
 * and escaping its element each time was most of the rendering time of a large site.
 *
 * Every archived item would keep its fragments until the site feeds (rendered last) have used them: ~3.5 KB
 * an article, 340 MB at 100,000. So fragments of items without content (archives) are kept only up to
 * `ARCHIVE_BUDGET` characters for all the writers' caches together; past that, those items are serialized each time.
 * An item's uses are spread over the whole render (its categories, then the site feed), so keeping the
 * first items seen wins as much as any other choice would. Items with content (current documents, a
 * few per feed) are always kept: `renderWithinBudget` may render their document several times.
 */
export function createItemCache<T extends string | { readonly text: string }>(budget: FragmentBudget = ARCHIVE_BUDGET): (item: CheckedItem, mode: string, make: () => T) => T {
  let cache = new WeakMap<CheckedItem, Kept<T>>();
  resets.push(() => {
    cache = new WeakMap();
  });
  return (item, mode, make) => {
    let kept = cache.get(item);
    const made = kept?.byMode[mode];
    if (made !== undefined) return made;
    const fresh = flattened(make());
    const size = typeof fresh === 'string' ? fresh.length : fresh.text.length;
    const charged = item.contentHtml === '';
    if (charged && budget.used + size > budget.limit) return fresh;
    if (kept === undefined) {
      kept = { byMode: Object.create(null) as Record<string, T>, charge: { budget, chars: 0 } };
      cache.set(item, kept);
      if (charged) released.register(kept, kept.charge);
    }
    kept.byMode[mode] = fresh;
    if (charged) {
      kept.charge.chars += size;
      budget.used += size;
    }
    return fresh;
  };
}

// One per writer, made at module load: a fixed handful.
const resets: (() => void)[] = [];

/**
 * Forgets every fragment made so far. A render's items outlive it (the publisher still reports on them
 * and writes its state), and so would their fragments: dropping them when the render is done lets the
 * state be written without them in memory. A later render makes its fragments again.
 */
export function forgetItemFragments(): void {
  for (const reset of resets) reset();
}

/** Characters of content-free fragments kept, shared by the caches that draw on it. */
export interface FragmentBudget {
  readonly limit: number;
  used: number;
}

// Characters (one or two bytes each): 10,000 articles need ~35 M, so a site of that size keeps them all.
const ARCHIVE_BUDGET: FragmentBudget = { limit: 48 * 2 ** 20, used: 0 };

/** A plain object per item rather than a Map (a Map's table is ~4 times the size, tens of thousands of them). */
interface Kept<T> {
  byMode: Record<string, T>;
  charge: Charge;
}

interface Charge {
  budget: FragmentBudget;
  chars: number;
}

// An item's fragments leave the budget when the item is collected (the next run, in a long-lived process).
const released = new FinalizationRegistry<Charge>((charge) => {
  charge.budget.used -= charge.chars;
});

/**
 * Text built by concatenation (`replaceAll` builds its result that way) is a tree of one node per
 * piece: ~30 nodes and ~1 KB of overhead per JSON item. Reading a character makes V8 flatten the string
 * in place, so only the flat copy stays reachable.
 */
function flattened<T extends string | { readonly text: string }>(made: T): T {
  if (typeof made === 'string') made.charCodeAt(0);
  return made;
}
