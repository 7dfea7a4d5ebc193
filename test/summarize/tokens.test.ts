import { describe, expect, it } from 'vitest';
import { contentStems } from '../../src/summarize/tokens.js';

describe('contentStems', () => {
  it('drops function words but keeps the content words news sentences share', () => {
    // Porter stems worked out by hand: "years" → "year", "shares" → "share"; "5" is one character.
    expect(contentStems('The group said it won £5 million in shares over two years.')).toEqual([
      'group',
      'said',
      'won',
      'million',
      'share',
      'two',
      'year',
    ]);
  });

  it('drops contraction fragments and one-letter tokens', () => {
    expect(contentStems("They don't know what's next, a U.K. firm said")).toEqual(['know', 'next', 'firm', 'said']);
  });
});
