/** What an article page shows of its neighbours: enough to know when the page must be rendered again. */
export interface NeighbourFields {
  id: string;
  slug: string;
  title: string;
  published: string;
}

const newestFirst = (a: NeighbourFields, b: NeighbourFields): number =>
  a.published < b.published ? 1 : a.published > b.published ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Whether a page links other neighbours than it did last run: its newer or older neighbour in site order
 * (slug and title) is not the one it had among `previous` (the last run's items, any order), so it is
 * rendered again. `current` is in site order already; `slugOf` and `titleOf` read its entries as they
 * are (no copy of 10,000 items just to compare two fields).
 * A slug seen more than once answers for its last place, as a map keyed by slug would.
 */
export function neighbourChanges<T>(
  previous: readonly NeighbourFields[],
  current: readonly T[],
  slugOf: (entry: T) => string,
  titleOf: (entry: T) => string,
): (slug: string) => boolean {
  const before = [...previous].sort(newestFirst);
  const placeBefore = new Map<string, number>();
  for (let i = 0; i < before.length; i++) placeBefore.set((before[i] as NeighbourFields).slug, i);
  const same = (now: T | undefined, then: NeighbourFields | undefined) =>
    now === undefined ? then === undefined : then !== undefined && slugOf(now) === then.slug && titleOf(now) === then.title;
  const changed = new Map<string, boolean>();
  for (let i = 0; i < current.length; i++) {
    const slug = slugOf(current[i] as T);
    const j = placeBefore.get(slug);
    changed.set(slug, j === undefined || !same(current[i - 1], before[j - 1]) || !same(current[i + 1], before[j + 1]));
  }
  // A page no longer in the site had neighbours before and has none now.
  return (slug) => changed.get(slug) ?? placeBefore.has(slug);
}
