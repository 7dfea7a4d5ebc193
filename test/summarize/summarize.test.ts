import { describe, expect, it } from 'vitest';
import {
  lead,
  splitSentences,
  summarize,
  SUMMARIZER_VERSION,
  SummaryOptionError,
  textRank,
} from '../../src/summarize/index.js';

const ARTICLE = [
  'The city council approved a new budget for schools on Tuesday.',
  'The budget raises school funding by 5% and hires forty new teachers for city schools.',
  'Weather was sunny.',
  'Council members said the school budget would cut class sizes across the city.',
  'Parents welcomed the council decision on school funding and teachers.',
  'A local bakery also opened a second shop.',
].join(' ');

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/** Positions of the summary's sentences in the article; -1 when a sentence is not from it. */
function positions(summary: string, article: string): number[] {
  const source = splitSentences(article);
  return splitSentences(summary).map((s) => source.indexOf(s));
}

describe('summarize', () => {
  it('returns whole article sentences in article order within 60 words by default', () => {
    const long = `${ARTICLE} ${ARTICLE.replace(/\./g, ' again.')}`;
    const summary = summarize(long);
    expect(words(summary)).toBeLessThanOrEqual(60);
    const at = positions(summary, long);
    expect(at.length).toBeGreaterThanOrEqual(2);
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('honours a sentence budget and joins with single spaces', () => {
    const summary = summarize(ARTICLE, { sentences: 2 });
    expect(positions(summary, ARTICLE)).toHaveLength(2);
    expect(summary).not.toMatch(/\s{2}/);
  });

  it('prefers central sentences over off-topic ones', () => {
    const at = positions(summarize(ARTICLE, { sentences: 2 }), ARTICLE);
    expect(at).not.toContain(2);
    expect(at).not.toContain(5);
  });

  it('stays within a word budget at a sentence boundary', () => {
    for (const budget of [12, 20, 30, 45]) {
      const summary = summarize(ARTICLE, { words: budget });
      expect(words(summary)).toBeLessThanOrEqual(budget);
      expect(positions(summary, ARTICLE).every((i) => i >= 0)).toBe(true);
    }
  });

  it('returns one sentence when no sentence fits the word budget', () => {
    const summary = summarize(ARTICLE, { words: 1 });
    expect(positions(summary, ARTICLE)).toHaveLength(1);
  });

  it('skips a verbatim repeat of a chosen sentence', () => {
    const repeated = `${ARTICLE} The budget raises school funding by 5% and hires forty new teachers for city schools.`;
    const chosen = splitSentences(summarize(repeated, { sentences: 4 }));
    expect(new Set(chosen).size).toBe(chosen.length);
  });

  it('is deterministic', () => {
    const first = summarize(ARTICLE, { words: 30, title: 'Council backs school budget' });
    summarize('Something else entirely. With two sentences.');
    expect(summarize(ARTICLE, { words: 30, title: 'Council backs school budget' })).toBe(first);
  });

  it('returns a one-sentence article unchanged, cut only when over the word budget', () => {
    expect(summarize('Only one sentence here.')).toBe('Only one sentence here.');
    // Used to come back whole: a summary must obey its budget whatever the punctuation.
    expect(summarize('Only one sentence here.', { words: 2 })).toBe('Only one…');
    expect(summarize('no punctuation at all')).toBe('no punctuation at all');
  });

  it("returns '' for empty or blank input and never '' otherwise", () => {
    expect(summarize('')).toBe('');
    expect(summarize('  \n\n\t ')).toBe('');
    expect(summarize('!')).not.toBe('');
    expect(summarize('a. b. c. d.', { sentences: 1 })).not.toBe('');
  });

  it('handles a very long article', () => {
    const topics = ['trade', 'energy', 'health', 'transport', 'housing'];
    const sentences = Array.from(
      { length: 400 },
      (_, i) => `Paragraph ${i} reports that ${topics[i % 5]} policy changed again after the ${topics[(i + 2) % 5]} review.`,
    );
    const text = sentences.join(' ');
    expect(text.length).toBeGreaterThan(25_000);
    const summary = summarize(text, { sentences: 3 });
    expect(positions(summary, text).filter((i) => i >= 0)).toHaveLength(3);
    expect(words(summarize(text, { words: 100 }))).toBeLessThanOrEqual(100);
  });

  it('rejects budgets that are not positive integers', () => {
    expect(() => summarize(ARTICLE, { sentences: 0 })).toThrow(SummaryOptionError);
    expect(() => summarize(ARTICLE, { words: 2.5 })).toThrow(/words/);
  });

  it('exposes a version for cache keys', () => {
    expect(SUMMARIZER_VERSION).toMatch(/\S/);
  });
});

describe('baselines', () => {
  it('lead takes the first sentences and stops at the first that overflows', () => {
    expect(lead(ARTICLE, { sentences: 2 })).toBe(
      'The city council approved a new budget for schools on Tuesday. The budget raises school funding by 5% and hires forty new teachers for city schools.',
    );
    // 11 words fit in 15; the 15-word second sentence would overflow, so lead stops.
    expect(lead(ARTICLE, { words: 15 })).toBe('The city council approved a new budget for schools on Tuesday.');
  });

  it('textRank returns article sentences in article order within the budget', () => {
    const at = positions(textRank(ARTICLE, { sentences: 3 }), ARTICLE);
    expect(at).toHaveLength(3);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(at).not.toContain(2);
  });
});
