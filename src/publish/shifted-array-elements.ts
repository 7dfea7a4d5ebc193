import type { ArticleRecord, ProcessedArticle, ProcessedSource } from '../articles/index.js';
import { sha256 } from './sync-objects.js';

/** An element of a JSON array without an `id`: keyed by its position (`notes.json#3`). */
const POSITION = /^\d+(?:@[0-9a-f]{12})?$/;

/**
 * Where the state keeps the record of an array element whose position another element took (moved there,
 * or new): retired under its position and a print of its content and id (two copies of one story that
 * left one position are two records), so its id is never handed out again and it can come back.
 */
export function retiredArrayKey(key: string, record: ArticleRecord): string {
  return `${key}@${sha256(`${record.contentHash} ${record.id}`).slice(0, 12)}`;
}

/** A key of a JSON array element without an `id` (`notes.json#3`), whose position another element may take. */
export function isArrayPosition(key: string): boolean {
  return ARRAY_POSITION.test(key);
}

/** Where the state keeps a retired record: an array position's by position and print, any other by its key. */
export function retiredKey(key: string, record: ArticleRecord): string {
  return isArrayPosition(key) ? retiredArrayKey(key, record) : key;
}

const ARRAY_POSITION = /#\d+$/;

const isPositional = (a: ProcessedArticle) => a.key === a.idPath && a.key !== a.sourcePath;

/**
 * The records of JSON array elements that moved within their array. Elements without an `id` are keyed by
 * position, so an element inserted at the top took the first element's record (its id, URL and first-seen
 * date: readers saw an edit, never a new item) and every later element the record of the one before it.
 * Within each changed array, an element whose content equals that of another position's previous element
 * takes that record (one removed within the grace period too), and an element whose position's record went
 * elsewhere, or whose content copies another element's, is new. An element edited in place keeps its
 * position's record, as before. Returns `known` with those changes (a copy), or `known`
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
    const changes = new Map<string, ArticleRecord | undefined>();
    const elements = source.articles.filter(isPositional);
    // Previous elements by content: those in the array last run first, then retired ones (removed, or
    // displaced by a move: `path#3@<hash>`, see `retiredArrayKey`), each taken once; equal copies are
    // interchangeable, so a content shared by several is taken in key order.
    const byHash = new Map<string, string[]>();
    const prefix = `${source.path}#`;
    for (const key in known) {
      if (!key.startsWith(prefix) || !POSITION.test(key.slice(prefix.length))) continue;
      const hash = (known[key] as ArticleRecord).contentHash;
      const list = byHash.get(hash);
      if (list) list.push(key);
      else byHash.set(hash, [key]);
    }
    for (const list of byHash.values()) list.sort((a, b) => Number(a.includes('@')) - Number(b.includes('@')) || (a < b ? -1 : a > b ? 1 : 0));
    const claimed = new Set<string>();
    const unsettled: ProcessedArticle[] = [];
    for (const a of elements) {
      if (known[a.key]?.contentHash === a.contentHash) claimed.add(a.key);
      else unsettled.push(a);
    }
    const stayed: ProcessedArticle[] = [];
    for (const a of unsettled) {
      const from = byHash.get(a.contentHash)?.find((key) => !claimed.has(key) && key !== a.key);
      if (from === undefined) {
        stayed.push(a);
        continue;
      }
      claimed.add(from);
      changes.set(a.key, known[from]);
    }
    // Edited in place keeps its position's record, unless another element took it, or its content is that
    // of another previous element (a copy of a story readers know is a new item, not an edit of this one).
    for (const a of stayed) if (claimed.has(a.key) || byHash.has(a.contentHash)) changes.set(a.key, undefined);
    for (const [key, record] of changes) {
      const previous = known[key];
      // A record no element took is kept apart, so this run hands its id to no new element either.
      if (previous !== undefined && !claimed.has(key)) change(retiredArrayKey(key, previous), previous);
      change(key, record);
    }
  }
  return result;
}
