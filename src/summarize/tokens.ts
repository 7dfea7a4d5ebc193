import { stemmer } from 'stemmer';
import stopwordsIso from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };

const STOPWORDS: ReadonlySet<string> = new Set(stopwordsIso.en);

/** Bound on memoized stems so a long-lived process cannot grow the cache without limit. */
const STEM_CACHE_LIMIT = 200_000;
const stemCache = new Map<string, string | null>();

/**
 * Lowercased word → Porter stem, or null for stopwords and one-character tokens.
 * Memoized: news vocabulary repeats heavily across articles.
 */
export function contentStem(word: string): string | null {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const stem = word.length < 2 || STOPWORDS.has(word) ? null : stemmer(word);
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, stem);
  return stem;
}

const WORD = /[a-z0-9]+/g;

/** Content-word stems of a piece of text (lowercased, alphanumeric runs, stopwords dropped). */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  const matches = text.toLowerCase().match(WORD);
  if (matches === null) return out;
  for (const word of matches) {
    const stem = contentStem(word);
    if (stem !== null) out.push(stem);
  }
  return out;
}

/** Whitespace-separated word count, the unit of the word budget. */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || (code >= 9 && code <= 13) || code === 160;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}
