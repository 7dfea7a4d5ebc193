import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { forgetSummarizerCaches, summarize } from '../../src/summarize/index.js';

// A run keeps every article's summary (state, feeds, cache) and drops the article's text once summarized
// (releaseProcessedContent): a summary that still points into the text keeps all of it. V8 makes a slice
// of a string and a concatenation of strings as views of their parts, so this is only visible in the heap:
// measured with the collector itself, on texts far larger than their summaries.

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const ARTICLES = 200;
const SENTENCES = 120;

// Distinct words per article, so no text is shared with another or interned.
function article(n: number): string {
  const sentences: string[] = [];
  for (let s = 0; s < SENTENCES; s++) {
    sentences.push(`Councillor${n} reported that budget${n}x${s} and project${s}y${n} were reviewed by the committee on ${s % 28 + 1} May after residents complained.`);
  }
  return sentences.join(' ');
}

// The summarizer's memos (stems, vocabulary) grow with the words it meets: emptied, as a run does after
// its summaries, so what is left is what the summaries hold.
function heapAfterCollection(): number {
  forgetSummarizerCaches();
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

describe('a summary does not keep its article text alive', () => {
  // Compiled code and the summarizer's first-use tables are not what is measured: made before.
  beforeAll(() => {
    for (let n = 0; n < 20; n++) summarize(article(ARTICLES + n), { sentences: 3, words: 40 });
  });

  it.each([
    ['three sentences', { sentences: 3 }],
    ['one sentence', { sentences: 1 }],
    ['a word budget', { sentences: 3, words: 40 }],
  ])('%s', (_name, options) => {
    const before = heapAfterCollection();
    let texts: string[] | undefined = Array.from({ length: ARTICLES }, (_, n) => article(n));
    const textBytes = texts.reduce((sum, t) => sum + t.length, 0);
    const summaries = texts.map((text) => summarize(text, options));
    texts = undefined;
    const held = heapAfterCollection() - before;
    const summaryBytes = summaries.reduce((sum, s) => sum + s.length, 0);
    expect(summaries.every((s) => s.length > 0)).toBe(true);
    // ~3 MB of text; the summaries are ~2–3% of it. A tenth of the text left is a text kept by its summary.
    expect(textBytes).toBeGreaterThan(3_000_000);
    expect(summaryBytes).toBeLessThan(textBytes / 20);
    expect(held).toBeLessThan(textBytes / 10);
  });
});
