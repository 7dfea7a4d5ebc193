/** Edit distance (insert, delete, substitute, swap of neighbours) between two short words. */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate a mistyped word most likely meant, or undefined when none is close: at most 2 edits, and
 * fewer than half the word, so `x` never "means" `at`.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  // Words longer than any candidate by far are pasted text, not typos; skip the quadratic work.
  if (word.length > 64) return undefined;
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = distance(word.toLowerCase(), candidate.toLowerCase());
    if (score <= 2 && score * 2 < Math.max(word.length, 2) && (!best || score < best.score)) best = { candidate, score };
  }
  if (best) return best.candidate;
  // A flag cut short (`--dry` for `--dry-run`): the one candidate it begins, if it names one at all.
  const stem = word.replace(/^-+/, '').toLowerCase();
  const begun = stem.length >= 3 ? candidates.filter((c) => c.replace(/^-+/, '').toLowerCase().startsWith(stem) && c.startsWith(word.match(/^-*/)?.[0] ?? '')) : [];
  return begun.length === 1 ? begun[0] : undefined;
}

/** ` (did you mean X?)` or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` — did you mean ${match}?`;
}
