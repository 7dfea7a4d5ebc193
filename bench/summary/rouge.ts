import { l as rougeLcs, n as rougeN } from 'js-rouge';
import { stemmer } from 'stemmer';

/**
 * ROUGE with the conventions of Google's `rouge-score` (the scorer behind
 * bench/../BASELINES.md): lowercase, every non-[a-z0-9] character is a
 * separator, Porter stemming of tokens longer than three characters, and
 * ROUGE-L as one LCS over the whole text (its `rougeL`, not `rougeLsum`).
 * js-rouge does the counting; only tokenization and segmentation are ours.
 */

const stemCache = new Map<string, string>();

export function rougeTokenize(text: string): string[] {
  const words = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  if (words === '') return [];
  return words.split(' ').map((word) => {
    if (word.length <= 3) return word;
    let stem = stemCache.get(word);
    if (stem === undefined) {
      stem = stemmer(word);
      stemCache.set(word, stem);
    }
    return stem;
  });
}

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

const options = { caseSensitive: true, tokenizer: rougeTokenize } as const;
const wholeText = (input: string): string[] => [input];

/** F1 of ROUGE-1, ROUGE-2 and ROUGE-L, each in [0, 1]; 0 when either side has no tokens. */
export function rougeScores(candidate: string, reference: string): RougeScores {
  if (rougeTokenize(candidate).length === 0 || rougeTokenize(reference).length === 0) {
    return { rouge1: 0, rouge2: 0, rougeL: 0 };
  }
  return {
    rouge1: rougeN(candidate, reference, { ...options, n: 1 }),
    rouge2: rougeN(candidate, reference, { ...options, n: 2 }),
    rougeL: rougeLcs(candidate, reference, { ...options, segmenter: wholeText }),
  };
}
