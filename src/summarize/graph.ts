/**
 * Sentence-graph helpers shared by the summarizer and the TextRank baseline.
 */

/** Sentences beyond this index are not scored: keeps the O(n²) similarity graph bounded. */
export const MAX_GRAPH_SENTENCES = 150;

/** A sentence as sorted unique term ids with their counts (plain arrays or typed arrays: only read by index). */
export interface TermVector {
  readonly ids: ArrayLike<number> & Iterable<number>;
  readonly counts: ArrayLike<number> & Iterable<number>;
  /** Number of content tokens, repeats included. */
  readonly length: number;
}

/** Interns stems per article and turns each sentence into a {@link TermVector}. */
export function buildTermVectors(stemsPerSentence: readonly (readonly string[])[]): {
  vectors: TermVector[];
  termCount: number;
} {
  const termIds = new Map<string, number>();
  const vectors: TermVector[] = [];
  const local = new Map<number, number>();
  for (const stems of stemsPerSentence) {
    local.clear();
    for (const stem of stems) {
      let id = termIds.get(stem);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(stem, id);
      }
      local.set(id, (local.get(id) ?? 0) + 1);
    }
    const ids = Int32Array.from(local.keys()).sort();
    const counts = new Float64Array(ids.length);
    for (let k = 0; k < ids.length; k++) counts[k] = local.get(ids[k] as number) ?? 0;
    vectors.push({ ids, counts, length: stems.length });
  }
  return { vectors, termCount: termIds.size };
}

/**
 * Weighted PageRank over a symmetric similarity matrix (row-major, n×n, zero
 * diagonal). Rows with no edges spread their rank uniformly. Returns scores
 * that sum to n (mean 1).
 */
export function pageRank(sim: Float64Array, n: number, damping = 0.85, iterations = 30): Float64Array {
  const rank = new Float64Array(n).fill(1);
  if (n <= 1) return rank;
  const rowSum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += sim[i * n + j] as number;
    rowSum[i] = s;
  }
  const next = new Float64Array(n);
  for (let iter = 0; iter < iterations; iter++) {
    let dangling = 0;
    for (let i = 0; i < n; i++) if ((rowSum[i] as number) === 0) dangling += rank[i] as number;
    const base = (1 - damping) + (damping * dangling) / n;
    next.fill(base);
    for (let i = 0; i < n; i++) {
      const rs = rowSum[i] as number;
      if (rs === 0) continue;
      const share = (damping * (rank[i] as number)) / rs;
      const row = i * n;
      for (let j = 0; j < n; j++) {
        const w = sim[row + j] as number;
        if (w !== 0) next[j] = (next[j] as number) + share * w;
      }
    }
    let delta = 0;
    for (let i = 0; i < n; i++) {
      delta += Math.abs((next[i] as number) - (rank[i] as number));
      rank[i] = next[i] as number;
    }
    if (delta < 1e-6 * n) break;
  }
  return rank;
}
