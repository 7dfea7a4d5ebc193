import type { ArticleRecord, ProcessedSource } from '../articles/index.js';
import { sourceCandidates } from './source-of-key.js';

/**
 * Whether the source of an article key is among `present`: the key is its source path, or `path#n` /
 * `path#<id>` for one of several articles in a JSON source, and a path may hold `#` itself (`notes #1.md`
 * used to count as gone on every run, so a copy of it was taken for the original moved).
 */
function sourcePresent(key: string, present: ReadonlySet<string>): boolean {
  return sourceCandidates(key).some((path) => present.has(path));
}

/**
 * Articles whose source moved or was renamed: a new key whose front-matter `id`, else whose content hash,
 * equals that of a known article whose source is gone (this run, or retired within the grace period).
 * Each gone article is claimed at most once, by the smallest new key; a content hash shared by several
 * gone articles identifies none of them. Returns the known records the new keys inherit (id, slug,
 * first-seen date), so the article keeps its id and URL and readers do not see it twice.
 */
export function movedArticles(
  known: Record<string, ArticleRecord>,
  processed: readonly ProcessedSource[],
  present: ReadonlySet<string>,
): { inherited: Record<string, ArticleRecord>; moved: { from: string; to: string }[] } {
  const gone = Object.entries(known).filter(([key]) => !sourcePresent(key, present));
  const byId = new Map<string, string>();
  const byHash = new Map<string, string | null>();
  for (const [key, record] of gone) {
    byId.set(record.id, key);
    byHash.set(record.contentHash, byHash.has(record.contentHash) ? null : key);
  }
  const inherited: Record<string, ArticleRecord> = {};
  const moved: { from: string; to: string }[] = [];
  const claimed = new Set<string>();
  const candidates = processed.flatMap((s) => s.articles).filter((a) => !(a.key in known));
  candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const article of candidates) {
    const from = (article.meta.id !== undefined ? byId.get(article.meta.id) : undefined) ?? byHash.get(article.contentHash) ?? undefined;
    if (from === undefined || claimed.has(from)) continue;
    claimed.add(from);
    inherited[article.key] = known[from] as ArticleRecord;
    moved.push({ from, to: article.key });
  }
  return { inherited, moved };
}
