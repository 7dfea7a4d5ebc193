import { capSentence, resolveBudget, type SummaryBudget } from './budget.js';
import { MAX_GRAPH_SENTENCES, buildTermVectors, pageRank, type TermVector } from './graph.js';
import { splitSentences } from './sentences.js';
import { contentStems, countWords } from './tokens.js';

/** Goes into summary cache keys: bump whenever splitting, scoring or selection changes output. */
export const SUMMARIZER_VERSION = 'extractive-textrank-3';

/** Options for {@link summarize}. */
export interface SummarizeOptions extends SummaryBudget {
  /** The article's title; sentences that share its words rank higher. */
  title?: string;
}

/** Scoring weights; exported for the benchmark's tuning, not part of the public API. */
export interface ScoringParams {
  /** Weight of the lead-position prior relative to centrality (mean 1). */
  position: number;
  /** How fast the position prior decays: prior = 1 / (1 + index / positionScale). */
  positionScale: number;
  /** Weight of the share of title words a sentence contains. */
  title: number;
  /** Exponent on relative sentence length under a sentence budget. */
  lengthExpSentences: number;
  /** Exponent on relative sentence length under a word budget. */
  lengthExpWords: number;
  /** Cosine above which a candidate counts as a near-duplicate of a picked sentence and is skipped. */
  duplicate: number;
  /** PageRank damping factor. */
  damping: number;
  /** Redundancy penalty: score × (1 − redundancy × max cosine to already picked sentences). */
  redundancy: number;
}

/**
 * Chosen with bench/summary.bench.ts on BBC News Summary. Position and title
 * priors and the MMR penalty each lowered ROUGE there (its references are long
 * and mostly non-lead), so they only break near ties; near-duplicates are still
 * skipped outright, which matters for feeds that repeat a quote or a standfirst.
 * Length pulls both ways: under a sentence budget each slot should carry many
 * words, under a word budget a slightly shorter sentence of similar centrality
 * leaves room for another one (chosen on every 3rd article, confirmed on the rest).
 */
export const DEFAULT_PARAMS: ScoringParams = {
  position: 0,
  positionScale: 3,
  title: 0.02,
  lengthExpSentences: 0.25,
  lengthExpWords: -0.2,
  redundancy: 0.1,
  damping: 0.85,
  duplicate: 0.8,
};

/** Sentences with fewer content words than this carry too little to stand alone. */
const MIN_CONTENT_WORDS = 3;

interface Analysis {
  readonly sentences: string[];
  readonly wordCounts: Int32Array;
  readonly vectors: TermVector[];
  readonly stems: string[][];
  /** Shared content-token counts (sum of per-term minimum counts), n×n, zero diagonal. */
  readonly shared: Float64Array;
  /** tf-idf cosine similarity, n×n, zero diagonal. */
  readonly cosine: Float64Array;
  readonly n: number;
}

function analyse(sentences: string[]): Analysis {
  const n = Math.min(sentences.length, MAX_GRAPH_SENTENCES);
  const wordCounts = new Int32Array(sentences.length);
  for (let i = 0; i < sentences.length; i++) wordCounts[i] = countWords(sentences[i] as string);
  const stems: string[][] = [];
  for (let i = 0; i < n; i++) stems.push(contentStems(sentences[i] as string));
  const { vectors, termCount } = buildTermVectors(stems);

  const df = new Float64Array(termCount);
  for (const v of vectors) for (const id of v.ids) df[id] = (df[id] as number) + 1;
  const idf = new Float64Array(termCount);
  for (let t = 0; t < termCount; t++) idf[t] = Math.log((n + 1) / (df[t] as number));

  // Posting lists let similarity cost follow shared terms rather than n² × vocabulary.
  const postingStart = new Int32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) postingStart[t + 1] = (postingStart[t] as number) + (df[t] as number);
  const fill = postingStart.slice(0, termCount);
  const postingDoc = new Int32Array(postingStart[termCount] as number);
  const postingWeight = new Float64Array(postingDoc.length);
  const postingCount = new Float64Array(postingDoc.length);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = vectors[i] as TermVector;
    let norm = 0;
    for (let k = 0; k < v.ids.length; k++) {
      const t = v.ids[k] as number;
      const w = (v.counts[k] as number) * (idf[t] as number);
      const at = fill[t] as number;
      postingDoc[at] = i;
      postingWeight[at] = w;
      postingCount[at] = v.counts[k] as number;
      fill[t] = at + 1;
      norm += w * w;
    }
    norms[i] = Math.sqrt(norm);
  }
  const cosine = new Float64Array(n * n);
  const shared = new Float64Array(n * n);
  for (let t = 0; t < termCount; t++) {
    const from = postingStart[t] as number;
    const to = postingStart[t + 1] as number;
    for (let a = from; a < to; a++) {
      const i = postingDoc[a] as number;
      const wi = postingWeight[a] as number;
      const ci = postingCount[a] as number;
      for (let b = a + 1; b < to; b++) {
        const j = postingDoc[b] as number;
        const add = wi * (postingWeight[b] as number);
        const common = Math.min(ci, postingCount[b] as number);
        cosine[i * n + j] = (cosine[i * n + j] as number) + add;
        cosine[j * n + i] = (cosine[j * n + i] as number) + add;
        shared[i * n + j] = (shared[i * n + j] as number) + common;
        shared[j * n + i] = (shared[j * n + i] as number) + common;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = (norms[i] as number) * (norms[j] as number);
      cosine[i * n + j] = d === 0 ? 0 : (cosine[i * n + j] as number) / d;
    }
  }
  return { sentences, wordCounts, vectors, stems, shared, cosine, n };
}

/**
 * TextRank edge weights (Mihalcea & Tarau 2004): shared content words over the
 * sum of log lengths. Unlike cosine it lets long, central sentences collect
 * more weight, which is what wins recall against long extractive references.
 */
function overlapGraph(a: Analysis, lengths: ArrayLike<number>): Float64Array {
  const { n, shared } = a;
  const sim = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const li = lengths[i] as number;
    if (li < 2) continue;
    for (let j = i + 1; j < n; j++) {
      const lj = lengths[j] as number;
      const common = shared[i * n + j] as number;
      if (lj < 2 || common === 0) continue;
      const s = common / (Math.log(li) + Math.log(lj));
      sim[i * n + j] = s;
      sim[j * n + i] = s;
    }
  }
  return sim;
}

function titleOverlap(titleStems: ReadonlySet<string>, stems: readonly string[]): number {
  let shared = 0;
  const seen = new Set<string>();
  for (const s of stems) {
    if (titleStems.has(s) && !seen.has(s)) {
      seen.add(s);
      shared++;
    }
  }
  return shared / titleStems.size;
}

/**
 * Orders sentence indices by greedy MMR selection within the budget and
 * returns the chosen ones in article order.
 */
export function selectSentences(
  sentences: string[],
  options: SummarizeOptions | undefined,
  params: ScoringParams = DEFAULT_PARAMS,
): number[] {
  const budget = resolveBudget(options);
  if (sentences.length === 0) return [];
  if (sentences.length === 1) return [0];
  const a = analyse(sentences);
  const { n, cosine, vectors, wordCounts } = a;
  const centrality = pageRank(overlapGraph(a, Float64Array.from(vectors, (v) => v.length)), n, params.damping);

  const titleStems = new Set(options?.title ? contentStems(options.title) : []);
  let meanLength = 0;
  for (const v of vectors) meanLength += v.length;
  meanLength = Math.max(1, meanLength / n);
  const lengthExp = Number.isFinite(budget.words) ? params.lengthExpWords : params.lengthExpSentences;

  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = vectors[i] as TermVector;
    if (v.length === 0) continue;
    const overlap = titleStems.size === 0 ? 0 : titleOverlap(titleStems, a.stems[i] as string[]);
    const relevance =
      (centrality[i] as number) + params.position / (1 + i / params.positionScale) + params.title * overlap;
    const shortPenalty = v.length < MIN_CONTENT_WORDS ? 0.25 : 1;
    score[i] = relevance * shortPenalty * Math.pow(v.length / meanLength, lengthExp);
  }

  const picked: number[] = [];
  const maxSim = new Float64Array(n);
  const used = new Uint8Array(n);
  let words = 0;
  while (picked.length < budget.sentences) {
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < n; i++) {
      if (used[i] === 1 || (maxSim[i] as number) > params.duplicate) continue;
      // Passing over a sentence that does not fit lets shorter ones fill the rest of a word budget.
      if (words + (wordCounts[i] as number) > budget.words) continue;
      const s = (score[i] as number) * (1 - params.redundancy * (maxSim[i] as number));
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    if (best < 0) break;
    used[best] = 1;
    picked.push(best);
    words += wordCounts[best] as number;
    for (let i = 0; i < n; i++) {
      const c = cosine[best * n + i] as number;
      if (c > (maxSim[i] as number)) maxSim[i] = c;
    }
  }
  if (picked.length === 0) {
    // Nothing fits the word budget: the single best sentence is still better than nothing.
    let best = 0;
    for (let i = 1; i < n; i++) if ((score[i] as number) > (score[best] as number)) best = i;
    picked.push(best);
  }
  return picked.sort((x, y) => x - y);
}

/**
 * Extractive summary: sentences from `text`, in article order, joined by
 * a single space; a sentence over its budget is cut at a word with `…` (see `capSentence`). Ranks sentences by TextRank centrality, a mild preference for
 * long sentences under a sentence budget (and for short ones under a word
 * budget) and title overlap; picks them greedily, skipping near-duplicates and discounting overlap with sentences already picked.
 * Only the first MAX_GRAPH_SENTENCES sentences are candidates, which bounds cost.
 * Returns '' only for text without any sentence.
 */
export function summarize(text: string, options?: SummarizeOptions): string {
  return summarizeWithParams(text, options, DEFAULT_PARAMS);
}

/** {@link summarize} with explicit scoring weights, for the benchmark. */
export function summarizeWithParams(text: string, options: SummarizeOptions | undefined, params: ScoringParams): string {
  const sentences = splitSentences(text);
  const budget = resolveBudget(options);
  return selectSentences(sentences, options, params)
    .map((i) => capSentence(sentences[i] as string, budget))
    .join(' ');
}
