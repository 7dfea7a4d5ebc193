import { describe, expect, it } from 'vitest';
import { summarizeJsonl, summarizeText, SummarizeInputError } from '../../src/summarize/index.js';

const line = (value: unknown): string => JSON.stringify(value);

describe('summarizeText', () => {
  it('summarizes plain text with the budget', () => {
    expect(summarizeText('One. Two is here. Three is here too.', { sentences: 3 })).toBe(
      'One. Two is here. Three is here too.',
    );
    expect(summarizeText('')).toBe('');
  });

  it('reads the text as the build reads a .txt: a headline line is the title, not a sentence', () => {
    const bbc = [
      'Ad sales boost profit',
      '',
      'Quarterly profits at the media group jumped 76% to $1.13bn in the three months to December.',
      '',
      'The firm, which is now one of the biggest investors in search, benefited from higher advert sales.',
      '',
    ].join('\n');
    const lead = 'Quarterly profits at the media group jumped 76% to $1.13bn in the three months to December.';
    expect(summarizeText(bbc, { sentences: 1 })).toBe(lead);
    expect(summarizeText(bbc, { sentences: 1, title: 'Ad sales boost profit' })).toBe(lead);
    expect(summarizeText(bbc, { words: 20 })).toBe(lead);
  });
});

describe('summarizeJsonl', () => {
  it('writes one {id, summary} line per input line, in order', () => {
    const input = [
      line({ id: 'b', article: 'Second article.' }),
      '',
      line({ id: 7, article: 'Seventh article. It has two sentences.', title: 'Seven' }),
      line({ id: 'a', article: 'First article.' }),
    ].join('\n');
    const out = summarizeJsonl(input, { sentences: 1 })
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string | number; summary: string });
    expect(out.map((o) => o.id)).toEqual(['b', 7, 'a']);
    expect(out[0]).toEqual({ id: 'b', summary: 'Second article.' });
    expect(out[2]).toEqual({ id: 'a', summary: 'First article.' });
    expect(['Seventh article.', 'It has two sentences.']).toContain(out[1]?.summary);
  });

  it('names the line number of invalid JSON', () => {
    const input = [line({ id: 1, article: 'Fine.' }), '', '{not json'].join('\n');
    expect(() => summarizeJsonl(input)).toThrow(SummarizeInputError);
    try {
      summarizeJsonl(input);
    } catch (error) {
      expect(error).toBeInstanceOf(SummarizeInputError);
      expect((error as SummarizeInputError).line).toBe(3);
      expect((error as Error).message).toMatch(/^line 3: invalid JSON/);
    }
  });

  it('names the line number and the field of a line with the wrong shape', () => {
    const input = [line({ id: 1, article: 'Fine.' }), line({ id: 2, body: 'Wrong key.' })].join('\n');
    expect(() => summarizeJsonl(input)).toThrow(/^line 2: .*article/s);
    expect(() => summarizeJsonl(line({ id: true, article: 'x' }))).toThrow(/^line 1: .*id/s);
  });

  it('returns an empty string for empty input', () => {
    expect(summarizeJsonl('\n\n')).toBe('');
  });

  it('passes a line\'s lang to the summarizer', () => {
    // Only English has the list of openers that refer back, so a French-tagged line may open with "But".
    const article = 'But the mayor kept the old market hall open. The market hall will get a new roof next spring.';
    const out = summarizeJsonl(
      [JSON.stringify({ id: 'en', article }), JSON.stringify({ id: 'fr', article, lang: 'fr' })].join('\n'),
      { sentences: 1 },
    );
    expect(out).toBe(
      `${JSON.stringify({ id: 'en', summary: 'The market hall will get a new roof next spring.' })}\n${JSON.stringify({ id: 'fr', summary: 'But the mayor kept the old market hall open.' })}\n`,
    );
  });
});
