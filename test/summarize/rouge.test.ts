import { describe, expect, it } from 'vitest';
import { rougeScores, rougeTokenize } from '../../bench/summary/rouge.js';

/*
 * Hand-computed expectations (F1 = 2PR / (P + R)).
 *
 * 1. ref "the cat sat on the mat", cand "the cat was on the mat"
 *    unigrams: 5 of 6 match each way (the×2, cat, on, mat) → P = R = 5/6, F = 5/6
 *    bigrams: ref {the cat, cat sat, sat on, on the, the mat}, cand {the cat, cat was, was on, on the, the mat}
 *             3 shared → P = R = 3/5, F = 0.6
 *    LCS "the cat on the mat" = 5 → P = R = 5/6, F = 5/6
 * 2. ref "The quick brown fox", cand "brown fox"
 *    unigrams: 2 matches, P = 2/2, R = 2/4 → F = 2·1·½ / 1½ = 2/3
 *    bigrams: 1 match ("brown fox"), P = 1/1, R = 1/3 → F = (2/3)/(4/3) = 1/2
 *    LCS = 2 → same as unigrams, 2/3
 * 3. Stemming and case: ref "Police killed the gunman", cand "police KILL the gunman"
 *    killed → kill under Porter; everything matches → 1, 1, 1
 * 4. Clipped counts: ref "the cat", cand "the the the the"
 *    unigrams: "the" counts once → P = 1/4, R = 1/2 → F = (2·1/8)/(3/4) = 1/3
 *    bigrams: none shared → 0;  LCS = 1 → 1/3
 */
describe('ROUGE (rouge-score conventions over js-rouge)', () => {
  it('scores word substitutions', () => {
    const s = rougeScores('the cat was on the mat', 'the cat sat on the mat');
    expect(s.rouge1).toBeCloseTo(5 / 6, 10);
    expect(s.rouge2).toBeCloseTo(0.6, 10);
    expect(s.rougeL).toBeCloseTo(5 / 6, 10);
  });

  it('scores a short candidate against a longer reference', () => {
    const s = rougeScores('brown fox', 'The quick brown fox');
    expect(s.rouge1).toBeCloseTo(2 / 3, 10);
    expect(s.rouge2).toBeCloseTo(1 / 2, 10);
    expect(s.rougeL).toBeCloseTo(2 / 3, 10);
  });

  it('lowercases and stems', () => {
    expect(rougeScores('police KILL the gunman', 'Police killed the gunman')).toEqual({
      rouge1: 1,
      rouge2: 1,
      rougeL: 1,
    });
  });

  it('clips repeated words to the reference count', () => {
    const s = rougeScores('the the the the', 'the cat');
    expect(s.rouge1).toBeCloseTo(1 / 3, 10);
    expect(s.rouge2).toBe(0);
    expect(s.rougeL).toBeCloseTo(1 / 3, 10);
  });

  it('tokenizes on non-alphanumerics and stems only words longer than three letters', () => {
    expect(rougeTokenize('$10.9bn, up 3.5%! Was running')).toEqual(['10', '9bn', 'up', '3', '5', 'was', 'run']);
  });

  it('gives 0 when a side has no tokens', () => {
    expect(rougeScores('...', 'the cat').rouge1).toBe(0);
  });
});
