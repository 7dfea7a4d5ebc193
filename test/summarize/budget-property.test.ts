import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lead, splitSentences, summarize } from '../../src/summarize/index.js';
import { dependsOnPrevious } from '../../src/summarize/openers.js';

// Counted independently of the summarizer: whitespace runs, plus one per Chinese/Japanese character.
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu;
// Punctuation right after a character ("今…", "了.") belongs to it.
function wordsIn(text: string): number {
  return text.replace(CJK, ' x').split(/\s+/).filter(Boolean).length;
}

const word = fc.oneof(
  fc.constantFrom('the', 'council', 'said', 'Mr.', 'U.S.', 'p.m.', 'Amazon.com', '3.5%', 'But', 'He', 'However,', '"We', 'won."', 'Präsident', 'сказал', '今天', '下雨了'),
  fc.stringMatching(/^[A-Za-z]{1,12}$/),
);
const sentence = fc
  .tuple(fc.array(word, { minLength: 1, maxLength: 70 }), fc.constantFrom('.', '!', '?', '', '。', '...'))
  .map(([ws, end]) => `${ws.join(' ')}${end}`);
const text = fc.array(sentence, { minLength: 1, maxLength: 25 }).chain((ss) =>
  fc.constantFrom(' ', '\n', ' . ').map((sep) => ss.join(sep)),
);

describe('summary budgets over generated texts', () => {
  it('never exceed a word budget', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 90 }), (t, words) => {
        const summary = summarize(t, { words });
        expect(wordsIn(summary)).toBeLessThanOrEqual(words);
        expect(wordsIn(lead(t, { words }))).toBeLessThanOrEqual(words);
      }),
      { seed: 9, numRuns: 400 },
    );
  });

  it('never exceed the default budget of 60 words, nor a sentence and word budget together', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 5, max: 80 }), (t, sentences, words) => {
        expect(wordsIn(summarize(t))).toBeLessThanOrEqual(60);
        expect(wordsIn(summarize(t, { sentences, words }))).toBeLessThanOrEqual(words);
      }),
      { seed: 10, numRuns: 300 },
    );
  });

  it('are never longer than the opening sentences under a sentence budget, unless those open by referring back', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 5 }), (t, sentences) => {
        const summary = summarize(t, { sentences });
        expect(summary).not.toBe('');
        const opening = lead(t, { sentences });
        // A self-contained opener may be longer than a lead that starts with "But …" (readability first).
        fc.pre(!dependsOnPrevious(splitSentences(opening)[0] ?? '', 'english'));
        expect(wordsIn(summary)).toBeLessThanOrEqual(wordsIn(opening));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
