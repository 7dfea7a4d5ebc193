import { describe, expect, it } from 'vitest';
import { InputError, processSource } from '../../src/articles/index.js';
import { summarizeJsonl, summarizeText, SummarizeInputError } from '../../src/summarize/index.js';

const line = (value: unknown): string => JSON.stringify(value);

describe('summarizeText', () => {
  it('summarizes plain text with the budget', () => {
    expect(summarizeText('One. Two is here. Three is here too.', { sentences: 3 })).toBe(
      'One. Two is here. Three is here too.',
    );
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
      .output.trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string | number; summary: string });
    expect(out.map((o) => o.id)).toEqual(['b', 7, 'a']);
    expect(out[0]).toEqual({ id: 'b', summary: 'Second article.' });
    expect(out[2]).toEqual({ id: 'a', summary: 'First article.' });
    expect(['Seventh article.', 'It has two sentences.']).toContain(out[1]?.summary);
  });

  it('reports a line of invalid JSON by number and summarizes the others', () => {
    const input = [line({ id: 1, article: 'Fine.' }), '', '{not json', line({ id: 4, article: 'Also fine.' })].join('\n');
    const result = summarizeJsonl(input);
    expect(result.output).toBe(`${line({ id: 1, summary: 'Fine.' })}\n${line({ id: 4, summary: 'Also fine.' })}\n`);
    expect(result.summarized).toBe(2);
    expect(result.rejected.map((r) => r.line)).toEqual([3]);
    expect(result.rejected[0]?.error).toBeInstanceOf(SummarizeInputError);
    expect(result.rejected[0]?.error.message).toMatch(/^line 3: invalid JSON/);
  });

  it('reports the line number and the field of a line with the wrong shape', () => {
    const input = [line({ id: 1, article: 'Fine.' }), line({ id: 2, body: 'Wrong key.' })].join('\n');
    expect(summarizeJsonl(input).rejected[0]?.error.message).toMatch(/^line 2: .*article/s);
    expect(summarizeJsonl(line({ id: true, article: 'x' })).rejected[0]?.error.message).toMatch(/^line 1: .*id/s);
  });

  it('returns no output for empty input', () => {
    expect(summarizeJsonl('\n\n')).toEqual({ output: '', summarized: 0, rejected: [] });
  });

  it('passes a line\'s lang to the summarizer', () => {
    // Only English has the list of openers that refer back, so a French-tagged line may open with "But".
    const article = 'But the mayor kept the old market hall open. The market hall will get a new roof next spring.';
    const out = summarizeJsonl(
      [JSON.stringify({ id: 'en', article }), JSON.stringify({ id: 'fr', article, lang: 'fr' })].join('\n'),
      { sentences: 1 },
    ).output;
    expect(out).toBe(
      `${JSON.stringify({ id: 'en', summary: 'The market hall will get a new roof next spring.' })}\n${JSON.stringify({ id: 'fr', summary: 'But the mayor kept the old market hall open.' })}\n`,
    );
  });
});

describe('a JSONL line\'s lang', () => {
  it('is refused by line number when it is not a BCP 47 tag, and the other lines are summarized', () => {
    const article = 'The market hall will get a new roof next spring.';
    const input = [
      line({ id: 1, article, lang: 'fr' }),
      line({ id: 2, article, lang: 'english' }),
      line({ id: 3, article, lang: 'en us' }),
      line({ id: 4, article, lang: '' }),
      line({ id: 5, article, lang: 'pt-br' }),
    ].join('\n');
    const result = summarizeJsonl(input);
    expect(result.output).toBe(`${line({ id: 1, summary: article })}\n${line({ id: 5, summary: article })}\n`);
    expect(result.rejected.map((r) => r.line)).toEqual([2, 3, 4]);
    for (const { error } of result.rejected) {
      expect(error).toBeInstanceOf(SummarizeInputError);
      expect(error.message).toMatch(/^line \d: .*BCP 47.*at lang/s);
    }
  });

  it('is used in its canonical form', () => {
    // `FR` is French as `fr` is: the French-tagged line may open with "But" (see above).
    const article = 'But the mayor kept the old market hall open. The market hall will get a new roof next spring.';
    expect(summarizeJsonl(line({ id: 'fr', article, lang: ' FR ' }), { sentences: 1 }).output).toBe(
      `${line({ id: 'fr', summary: 'But the mayor kept the old market hall open.' })}\n`,
    );
  });
});

describe('the build\'s checks of a .txt, in summarize', () => {
  const bytes = (...parts: (string | number[])[]): Uint8Array =>
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));
  /** Why the build rejects these bytes as a `.txt` source. */
  const buildReason = (source: Uint8Array): string | undefined =>
    processSource({ path: 'a.txt', bytes: source }, { siteUrl: 'https://example.org/', maxBytes: 500_000 }).rejected[0]?.reason;
  const refusal = (input: string | Uint8Array): InputError => {
    try {
      summarizeText(input);
    } catch (error) {
      if (error instanceof InputError) return error;
      throw error;
    }
    throw new Error('summarized');
  };

  // Each was "summarized" (U+FFFD, or an empty line) with exit 0 while the build rejected it.
  const rejected: [string, Uint8Array, string][] = [
    ['Latin-1', bytes('Caf', [0xe9], ' opens today. It serves coffee.'), 'not valid UTF-8 text'],
    ['binary', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), 'contains NUL bytes (binary file?)'],
    ['empty', bytes(''), 'empty body (no text after trimming)'],
    ['blank', bytes(' \n\n\t\n'), 'empty body (no text after trimming)'],
    ['no letters', bytes('... !!! ---\n'), 'no title, and none could be derived from the body'],
  ];

  it.each(rejected)('refuses %s stdin with the build\'s reason and code, naming stdin', (_name, input, reason) => {
    expect(buildReason(input)).toBe(reason);
    const error = refusal(input);
    expect(error.message).toBe(`stdin: ${reason}`);
    expect(error.code).toBe('invalid-article');
  });

  it('reports each JSONL line the build would reject by number and id, and summarizes the rest', () => {
    const input = bytes(
      line({ id: 'ok', article: 'The bridge opens in May.' }), '\n',
      line({ id: 'empty', article: '' }), '\n',
      '{"id":"latin1","article":"Caf', [0xe9], ' opens."}\n',
      line({ id: 'nul', article: 'Bad\u0000text.' }), '\n',
      '{"id":"surrogate","article":"Half \\ud800 a pair."}\n',
      line({ id: 'blank', article: ' \n\n ' }), '\r\n',
      line({ id: 'last', article: 'The market reopens on Friday.' }),
    );
    const result = summarizeJsonl(input, { sentences: 1 });
    expect(result.output).toBe(
      `${line({ id: 'ok', summary: 'The bridge opens in May.' })}\n${line({ id: 'last', summary: 'The market reopens on Friday.' })}\n`,
    );
    expect(result.summarized).toBe(2);
    expect(result.rejected.map(({ line: n, error }) => [n, error.code, error.message])).toEqual([
      [2, 'invalid-article', 'line 2 (id "empty"): empty body (no text after trimming)'],
      // The line's own bytes are not UTF-8: no id can be read from it.
      [3, 'invalid-article', 'line 3: not valid UTF-8 text'],
      [4, 'invalid-article', 'line 4 (id "nul"): contains NUL bytes (binary file?)'],
      [5, 'invalid-article', 'line 5 (id "surrogate"): not valid UTF-8 text (it holds a lone surrogate, such as the escape \\ud800)'],
      [6, 'invalid-article', 'line 6 (id "blank"): empty body (no text after trimming)'],
    ]);
  });
});
