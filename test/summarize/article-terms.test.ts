import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleTerms } from '../../src/summarize/article-terms.js';
import { buildTermVectors } from '../../src/summarize/graph.js';
import type { TermModel } from '../../src/summarize/language.js';
import { contentTerms, countWords } from '../../src/summarize/tokens.js';
import { forgetSummarizerCaches } from '../../src/summarize/index.js';

// The reference: terms as strings per sentence (`contentTerms`), interned by `buildTermVectors`.
function expected(sentences: string[], model: TermModel, title?: string) {
  const { vectors, termCount } = buildTermVectors(sentences.map((s) => contentTerms(s, model)));
  const titleTerms = new Set(title ? contentTerms(title, model) : []);
  const sentenceTerms = sentences.map((s) => new Set(contentTerms(s, model)));
  return {
    vectors: vectors.map((v) => ({ ids: [...v.ids], counts: [...v.counts], length: v.length })),
    termCount,
    titleTermCount: titleTerms.size,
    // Per sentence: how many of its distinct terms the title has.
    titleShared: sentenceTerms.map((terms) => [...terms].filter((t) => titleTerms.has(t)).length),
    wordCounts: sentences.map(countWords),
  };
}

function actual(sentences: string[], model: TermModel, title?: string) {
  const a = articleTerms(sentences, model, title);
  return {
    vectors: a.vectors.map((v) => ({ ids: [...v.ids], counts: [...v.counts], length: v.length })),
    termCount: a.termCount,
    titleTermCount: a.titleTermCount,
    titleShared: a.vectors.map((v) => [...v.ids].filter((id) => a.inTitle[id] === 1).length),
    wordCounts: [...a.wordCounts],
  };
}

// ASCII words, typographic punctuation the fast path reads as separators, and characters it must not
// (accented and other-script letters, a Kelvin sign that lower-cases to ASCII `k`, combining marks).
const piece = fc.oneof(
  fc.constantFrom(
    'The', 'markets', 'RISE', 'running', 'ran', 'said', 'Ukraine’s', '“quoted”', '–', '—', '…', '\u00a0', '£5', '€3', '©',
    'café', 'Straße', 'İstanbul', '\u212a', 'ΣΟΦΙΑ', 'Президент', '北京下雨', 'e\u0301', '3.5%', "don't", 'ﬁnance', '²', 'a', '\t', '\u000b', '\u3000',
    // Every ASCII space `countWords` knows, and the characters just outside the letter and digit ranges.
    '\n', '\r\n', '\f', '@', '[', '`', '{', '/', ':', '\u007f', '\u0080',
  ),
  fc.stringMatching(/^[A-Za-z0-9]{1,10}$/),
);
const sentence = fc.array(piece, { minLength: 0, maxLength: 30 }).chain((ps) => fc.constantFrom(' ', '', '-').map((sep) => ps.join(sep)));

describe('articleTerms', () => {
  it('gives the term vectors and title terms that contentTerms and buildTermVectors give, and countWords\' word counts', () => {
    fc.assert(
      fc.property(
        fc.array(sentence, { minLength: 1, maxLength: 12 }),
        fc.option(sentence, { nil: undefined }),
        fc.constantFrom<TermModel>('english', 'neutral'),
        (sentences, title, model) => {
          expect(actual(sentences, model, title)).toEqual(expected(sentences, model, title));
        },
      ),
      { seed: 13, numRuns: 600 },
    );
  });

  it('reads typographic punctuation between ASCII words as a separator', () => {
    const a = articleTerms(['Ukraine’s “war” — talks…\u00a0resumed'], 'english');
    expect(a.termCount).toBe(4);
    expect(articleTerms(['Ukraine s war talks resumed'], 'english').termCount).toBe(4);
  });

  it('counts repeated terms and keeps ids in order of first appearance', () => {
    const a = articleTerms(['Talks resumed.', 'The talks failed; talks resume.'], 'english', 'Talks');
    expect(a.vectors.map((v) => ({ ids: [...v.ids], counts: [...v.counts], length: v.length }))).toEqual([
      { ids: [0, 1], counts: [1, 1], length: 2 },
      { ids: [0, 1, 2], counts: [2, 1, 1], length: 4 },
    ]);
    expect(a.titleTermCount).toBe(1);
    expect([...a.inTitle]).toEqual([1, 0, 0]);
  });

  // Tens of thousands of distinct words: the word table grows (slots and characters) many times over, and
  // past the vocabulary bound it starts again between articles; ids must stay the reference's throughout.
  it('gives the reference terms while the word table grows and is reset', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const word = () => {
      const length = 1 + (next() % 12);
      let w = '';
      for (let k = 0; k < length; k++) w += 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.charAt(next() % 62);
      return w;
    };
    for (let article = 0; article < 12; article++) {
      const sentences = Array.from({ length: 100 }, () => Array.from({ length: 200 }, word).join(' '));
      const title = Array.from({ length: 8 }, word).join(' ');
      expect(actual(sentences, 'english', title)).toEqual(expected(sentences, 'english', title));
    }
  });

  // The publisher forgets the memos once its summaries are made (load-site.ts): words seen before and
  // after must get consistent ids again, never a stale id that another word now has.
  it('gives the reference terms when the memos are forgotten between articles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(sentence, { minLength: 1, maxLength: 6 }), fc.boolean()), { minLength: 2, maxLength: 8 }),
        fc.constantFrom<TermModel>('english', 'neutral'),
        (articles, model) => {
          for (const [sentences, forget] of articles) {
            if (forget) forgetSummarizerCaches();
            expect(actual(sentences, model)).toEqual(expected(sentences, model));
          }
        },
      ),
      { seed: 29, numRuns: 300 },
    );
  });
});
