import { describe, expect, it } from 'vitest';
import { dependsOnPrevious } from '../../src/summarize/openers.js';
import { splitSentences, summarize } from '../../src/summarize/index.js';

describe('dependsOnPrevious', () => {
  it('flags leading connectives and unresolved pronouns in English', () => {
    for (const s of ['But the plan failed.', 'However, the plan failed.', 'And then it rained.', 'He said it was over.', '"They were wrong," she said.', 'It said profits fell.', 'This means higher bills.']) {
      expect(dependsOnPrevious(s, 'english'), s).toBe(true);
    }
  });

  it('accepts self-contained openers', () => {
    for (const s of ['The plan failed.', 'Butter prices rose.', 'Heathrow closed a runway.', 'This year the plan failed.', 'There were 40 arrests.', 'Italy won.']) {
      expect(dependsOnPrevious(s, 'english'), s).toBe(false);
    }
  });

  it('lets an article open with a demonstrative, but not with a pronoun or connective', () => {
    expect(dependsOnPrevious('This is the moment the bridge fell.', 'english', true)).toBe(false);
    expect(dependsOnPrevious('This is the moment the bridge fell.', 'english', false)).toBe(true);
    expect(dependsOnPrevious("He's been accused of fraud.", 'english', true)).toBe(true);
    expect(dependsOnPrevious('But the plan failed.', 'english', true)).toBe(true);
  });

  it('knows no word list outside English', () => {
    expect(dependsOnPrevious('But the plan failed.', 'neutral')).toBe(false);
  });
});

describe('summary openings', () => {
  const article = [
    'However, the mayor said the new tram line would be finished by the end of the year.',
    'The tram line links the station to the hospital and the university campus in the city.',
    'He said the tram line would carry ten thousand passengers a day once it opened.',
    'City officials expect the tram line to cut car traffic near the hospital and campus.',
  ].join(' ');

  it('does not open with a sentence that refers back when a self-contained one exists', () => {
    for (const budget of [{ sentences: 1 }, { sentences: 2 }, { sentences: 3 }, { words: 20 }, { words: 40 }, {}]) {
      const first = splitSentences(summarize(article, budget))[0] ?? '';
      expect(dependsOnPrevious(first, 'english'), JSON.stringify(budget)).toBe(false);
    }
  });

  it('still summarizes when every sentence refers back', () => {
    const all = 'But it rained. However, it stopped. And then he left.';
    expect(summarize(all, { sentences: 1 })).not.toBe('');
  });
});
