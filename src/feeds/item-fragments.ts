import type { CheckedItem } from './check-feed.js';

/**
 * An item's serialized form per writer and content mode, made once per checked item. One article is
 * in up to ~15 documents (site and category feeds and their archives, three formats each): building
 * and escaping its element each time was most of the rendering time of a large site.
 *
 * Every archived item would keep its fragments until the site feeds' archives (rendered last) have used
 * them: ~2.5 KB an article, 250 MB at 100,000. So fragments of items without content (archives) are kept
 * only up to `budget` characters for all the writers' caches together; past that, those items are
 * serialized each time. An item's uses are spread over the whole render (its categories, then the site
 * feed), so keeping the first items seen wins as much as any other choice would. Items with content
 * (current documents, a few per feed) are always kept: `renderWithinBudget` may render their document
 * several times.
 *
 * The writers made with one budget share one slot per item (a cache each cost three map entries and
 * three records per item).
 */
export function createItemCache<T extends string | { readonly text: string }>(budget: FragmentBudget = ARCHIVE_BUDGET): (item: CheckedItem, mode: string, make: () => T) => T {
  let shared = groups.find((g) => g.budget === budget);
  if (shared === undefined) {
    shared = { budget, lanes: 0, slots: new WeakMap() };
    groups.push(shared);
  }
  const group = shared;
  const lane = group.lanes++;
  return (item, mode, make) => {
    const first = group.slots.get(item);
    let slot = first;
    while (slot !== undefined && slot.mode !== mode) slot = slot.next;
    const kept = slot?.made[lane];
    if (kept !== undefined) return kept as T;
    const fresh = flattened(make());
    if (item.contentHtml === '') {
      const size = typeof fresh === 'string' ? fresh.length : fresh.text.length;
      if (budget.used + size > budget.limit) return fresh;
      budget.used += size;
    }
    if (slot === undefined) {
      // Sized for the lanes: a growing array would reserve ~17 places.
      slot = { mode, made: new Array<unknown>(group.lanes), next: first };
      group.slots.set(item, slot);
    }
    slot.made[lane] = fresh;
    return fresh;
  };
}

/** Characters of content-free fragments kept, shared by the caches that draw on it. */
export interface FragmentBudget {
  limit: number;
  used: number;
}

// Characters (one or two bytes each): 10,000 articles need ~25 M, so a site of that size keeps nearly all.
// 48 M until 2026-12-02: at 100,000 articles the full budget was live through the archives, the run's
// memory peak (cold 100,000: 683 -> 672 MB peak with 24 M, one run each; 10,000: same CPU within noise).
export const ARCHIVE_FRAGMENT_CHARS = 24 * 2 ** 20;
/**
 * The budget of a site too large to keep most of its fragments anyway (past 20,000 articles the render
 * reads content again, see CONTENT_IN_MEMORY): at 100,000 the 24 M budget keeps a tenth of the items'
 * fragments, so it saves little time, and it was live through the archives, the run's memory peak.
 * Cold 100,000 (tmpfs, one run each, 2026-12-04): 24 M 588,292 KiB peak, 108 s; 8 M 567,104 KiB, 115 s;
 * none 559,336 KiB, 134 s.
 */
export const LARGE_SITE_ARCHIVE_FRAGMENT_CHARS = 8 * 2 ** 20;
const ARCHIVE_BUDGET: FragmentBudget = { limit: ARCHIVE_FRAGMENT_CHARS, used: 0 };

/** Sets how many characters of content-free fragments the writers keep (a render sets it by its site's size). */
export function useArchiveFragmentBudget(chars: number): void {
  ARCHIVE_BUDGET.limit = chars;
}

/** The caches drawing on one budget: one slot per item, one lane per cache in it. */
interface Group {
  budget: FragmentBudget;
  lanes: number;
  slots: WeakMap<CheckedItem, Slot>;
}

/** One content mode's fragments of an item, by lane; an item shown in several modes has a short chain. */
interface Slot {
  mode: string;
  made: unknown[];
  next: Slot | undefined;
}

// One per budget, made at module load: the writers' and any a test makes.
const groups: Group[] = [];

/**
 * Forgets every fragment made so far and gives its characters back to the budget. A render's items
 * outlive it (the publisher still reports on them and writes its state), and so would their fragments:
 * dropping them when the render is done lets the state be written without them in memory. A later
 * render makes its fragments again. A process that never calls this (a fan-out worker, whose items are
 * read afresh for each unit and so are never shown twice) stops keeping content-free fragments once the
 * budget is spent, which costs it nothing.
 */
export function forgetItemFragments(): void {
  for (const group of groups) {
    group.slots = new WeakMap();
    group.budget.used = 0;
  }
}

/**
 * Text built by concatenation (`replaceAll` builds its result that way) is a tree of one node per
 * piece: ~30 nodes and ~1 KB of overhead per JSON item. Reading a character makes V8 flatten the string
 * in place, so only the flat copy stays reachable.
 */
function flattened<T extends string | { readonly text: string }>(made: T): T {
  if (typeof made === 'string') made.charCodeAt(0);
  return made;
}
