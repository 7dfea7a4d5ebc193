import { capSentence, resolveBudget, takeWithinBudget, type SummaryBudget } from './budget.js';
import { MAX_GRAPH_SENTENCES, buildTermVectors, pageRank, type TermVector } from './graph.js';
import { prepareText } from './prepare.js';
import { splitSentences } from './sentences.js';
import { contentStems, countWords } from './tokens.js';

/**
 * Baselines the benchmark compares the summarizer against. They share the
 * sentence splitter and budget rules so that only the ranking differs.
 */

function wordCountsOf(sentences: readonly string[]): Int32Array {
  const counts = new Int32Array(sentences.length);
  for (let i = 0; i < sentences.length; i++) counts[i] = countWords(sentences[i] as string);
  return counts;
}

/**
 * Lead: the first sentences of the article, stopping at the first that exceeds a word budget. It gets
 * the summarizer's cleaning (byline, dateline and furniture removed), so the comparison is about
 * which sentences are picked, not about boilerplate.
 */
export function lead(text: string, budget?: SummaryBudget): string {
  const resolved = resolveBudget(budget);
  const { sentences } = prepareText(text);
  const order = sentences.map((_, i) => i);
  return takeWithinBudget(order, wordCountsOf(sentences), resolved, false)
    .map((i) => capSentence(sentences[i] as string, resolved))
    .join(' ');
}

/** Shared content words over log lengths: the sentence similarity of Mihalcea & Tarau's TextRank (2004). */
function textRankSimilarity(a: TermVector, b: TermVector): number {
  if (a.length < 2 || b.length < 2) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) {
      shared += Math.min(a.counts[i] as number, b.counts[j] as number);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared === 0 ? 0 : shared / (Math.log(a.length) + Math.log(b.length));
}

/**
 * Plain TextRank: PageRank over the word-overlap sentence graph, no position,
 * title or redundancy terms; top-ranked sentences within the budget.
 */
export function textRank(text: string, budget?: SummaryBudget): string {
  const resolved = resolveBudget(budget);
  const sentences = splitSentences(text);
  const n = Math.min(sentences.length, MAX_GRAPH_SENTENCES);
  const stems: string[][] = [];
  for (let i = 0; i < n; i++) stems.push(contentStems(sentences[i] as string));
  const { vectors } = buildTermVectors(stems);
  const sim = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = textRankSimilarity(vectors[i] as TermVector, vectors[j] as TermVector);
      sim[i * n + j] = s;
      sim[j * n + i] = s;
    }
  }
  const rank = pageRank(sim, n);
  // Ties keep article order so the output is deterministic.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (rank[b] as number) - (rank[a] as number) || a - b);
  return takeWithinBudget(order, wordCountsOf(sentences), resolved, false)
    .map((i) => capSentence(sentences[i] as string, resolved))
    .join(' ');
}
