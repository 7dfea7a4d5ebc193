/**
 * Splits items (newest first) into the current document and archive pages (RFC 5005 §4), numbered from
 * the oldest. Only full pages are archived, so page n always holds the same `pageSize` items: adding an
 * article rewrites the current document only, or creates one new archive page (and adds a `next-archive`
 * link to the one before it). The current document holds `size` to `size + pageSize - 1` items.
 */
export interface ArchiveSplit<T> {
  /** Newest first. */
  current: T[];
  /** `pages[0]` is archive page 1 (the oldest items); each page newest first. */
  pages: T[][];
}

export function splitArchive<T>(newestFirst: readonly T[], size: number, pageSize: number): ArchiveSplit<T> {
  const archivedPages = newestFirst.length > size ? Math.floor((newestFirst.length - size) / pageSize) : 0;
  const archived = archivedPages * pageSize;
  const current = newestFirst.slice(0, newestFirst.length - archived);
  const pages: T[][] = [];
  for (let page = 0; page < archivedPages; page++) {
    const end = newestFirst.length - page * pageSize;
    pages.push(newestFirst.slice(end - pageSize, end));
  }
  return { current, pages };
}
