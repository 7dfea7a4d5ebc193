import type { TermVector } from './graph.js';
import type { TermModel } from './language.js';
import { termWords, wordTerms } from './tokens.js';

/**
 * The summarizer's term vectors, built with one map lookup per word. Stemming and interning each token
 * again (four map operations per word) was most of the summarizer's time; news vocabulary repeats heavily
 * within and across articles, so every word is remembered with the global ids of its terms, and an
 * article renumbers those ids in order of first appearance: exactly the ids `buildTermVectors` gives the
 * same terms, so similarities are summed in the same order and scores do not change by a bit.
 */

/** Bound on remembered words, so a long-lived process cannot grow the vocabulary without limit. */
const VOCABULARY_LIMIT = 200_000;
const NO_TERMS: readonly number[] = [];

const termIds = new Map<string, number>();
const wordIds: Record<TermModel, Map<string, readonly number[]>> = { english: new Map(), neutral: new Map() };

function internTerm(term: string): number {
  let id = termIds.get(term);
  if (id === undefined) {
    id = termIds.size;
    termIds.set(term, id);
  }
  return id;
}

/** Global ids of the terms of one word (see `wordTerms`). */
function idsOfWord(word: string, model: TermModel): readonly number[] {
  const words = wordIds[model];
  let ids = words.get(word);
  if (ids === undefined) {
    const terms: string[] = [];
    wordTerms(word, model, terms);
    ids = terms.length === 0 ? NO_TERMS : terms.map(internTerm);
    words.set(word, ids);
  }
  return ids;
}

/**
 * Global term id → article term id + 1 (0: not in the article). Reused across articles, and all zero
 * between them, so an article does not allocate and clear a table the size of the vocabulary.
 */
let articleIdOf = new Int32Array(4096);

/** An article's sentences as term vectors, and which of their terms its title shares. */
export interface ArticleTerms {
  readonly vectors: TermVector[];
  /** Distinct terms in the sentences; ids run from 0 in order of first appearance. */
  readonly termCount: number;
  /** Distinct terms of the title, including those no sentence has. */
  readonly titleTermCount: number;
  /** 1 at the article ids of terms the title has. */
  readonly inTitle: Uint8Array;
}

/** Term vectors of `sentences` (and the title's terms among them) under `model`. */
export function articleTerms(sentences: readonly string[], model: TermModel, title?: string): ArticleTerms {
  if (wordIds.english.size + wordIds.neutral.size >= VOCABULARY_LIMIT) {
    // Only between articles: ids must stay the same within one.
    termIds.clear();
    wordIds.english.clear();
    wordIds.neutral.clear();
  }
  const globalIds: number[] = [];
  try {
    const counts: number[] = [];
    const vectors: TermVector[] = [];
    for (const sentence of sentences) {
      const seen: number[] = [];
      let length = 0;
      for (const word of termWords(sentence, model)) {
        for (const globalId of idsOfWord(word, model)) {
          if (globalId >= articleIdOf.length) {
            const grown = new Int32Array(Math.max(articleIdOf.length * 2, globalId + 1));
            grown.set(articleIdOf);
            articleIdOf = grown;
          }
          let id = (articleIdOf[globalId] as number) - 1;
          if (id < 0) {
            id = globalIds.length;
            globalIds.push(globalId);
            counts.push(0);
            articleIdOf[globalId] = id + 1;
          }
          const count = counts[id] as number;
          if (count === 0) seen.push(id);
          counts[id] = count + 1;
          length++;
        }
      }
      const ids = Int32Array.from(seen).sort();
      const sentenceCounts = new Float64Array(ids.length);
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k] as number;
        sentenceCounts[k] = counts[id] as number;
        counts[id] = 0;
      }
      vectors.push({ ids, counts: sentenceCounts, length });
    }
    const inTitle = new Uint8Array(globalIds.length);
    const titleIds = new Set<number>();
    for (const word of title ? termWords(title, model) : []) {
      for (const globalId of idsOfWord(word, model)) {
        titleIds.add(globalId);
        const id = globalId < articleIdOf.length ? (articleIdOf[globalId] as number) - 1 : -1;
        if (id >= 0) inTitle[id] = 1;
      }
    }
    return { vectors, termCount: globalIds.length, titleTermCount: titleIds.size, inTitle };
  } finally {
    for (const globalId of globalIds) articleIdOf[globalId] = 0;
  }
}
