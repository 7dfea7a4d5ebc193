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
 * slug → its newer and older neighbour (slug and title) in site order. A page whose entry differs from
 * the previous run's links to a neighbour that moved, changed title or left, so it is rendered again.
 */
export function neighbourSignatures(articles: NeighbourFields[], sorted = false): Map<string, string> {
  const list = sorted ? articles : [...articles].sort(newestFirst);
  const out = new Map<string, string>();
  list.forEach((article, i) => {
    const newer = list[i - 1];
    const older = list[i + 1];
    out.set(article.slug, JSON.stringify([newer?.slug, newer?.title, older?.slug, older?.title]));
  });
  return out;
}
