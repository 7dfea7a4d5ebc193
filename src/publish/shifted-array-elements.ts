import type { ArticleRecord, ProcessedArticle, ProcessedSource } from '../articles/index.js';

/** An element of a JSON array without an `id`: keyed by its position (`notes.json#3`). */
const isPositional = (a: ProcessedArticle) => a.key === a.idPath && a.key !== a.sourcePath;

/**
 * The records of JSON array elements that moved within their array. Elements without an `id` are keyed by
 * position, so an element inserted at the top took the first element's record (its id, URL and first-seen
 * date: readers saw an edit, never a new item) and every later element the record of the one before it.
 * Within each changed array, an element whose content equals that of another position's previous element
 * takes that record, and an element whose position's record went elsewhere is new. An element edited in
 * place keeps its position's record, as before. Returns `known` with those changes (a copy), or `known`
 * itself when no element moved. Give array elements an `id` to be independent of this.
 */
export function shiftedArrayElements(known: Record<string, ArticleRecord>, processed: readonly ProcessedSource[]): Record<string, ArticleRecord> {
  const arrays = processed.filter((s) => s.articles.some(isPositional));
  if (arrays.length === 0) return known;
  let result = known;
  const change = (key: string, record: ArticleRecord | undefined) => {
    if (result === known) result = { ...known };
    if (record === undefined) delete result[key];
    else result[key] = record;
  };
  for (const source of arrays) {
    const elements = source.articles.filter(isPositional);
    const byHash = new Map<string, string | null>();
    const prefix = `${source.path}#`;
    for (const key in known) {
      if (!key.startsWith(prefix) || !/^\d+$/.test(key.slice(prefix.length))) continue;
      const hash = (known[key] as ArticleRecord).contentHash;
      // A content shared by two previous elements names neither.
      byHash.set(hash, byHash.has(hash) ? null : key);
    }
    const claimed = new Set<string>();
    const unsettled: ProcessedArticle[] = [];
    for (const a of elements) {
      if (known[a.key]?.contentHash === a.contentHash) claimed.add(a.key);
      else unsettled.push(a);
    }
    const stayed: ProcessedArticle[] = [];
    for (const a of unsettled) {
      const from = byHash.get(a.contentHash);
      if (from === undefined || from === null || claimed.has(from)) {
        stayed.push(a);
        continue;
      }
      claimed.add(from);
      change(a.key, known[from]);
    }
    // Edited in place keeps its position's record, unless another element took it: then it is new.
    for (const a of stayed) if (claimed.has(a.key)) change(a.key, undefined);
  }
  return result;
}
