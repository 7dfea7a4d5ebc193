import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMAIL_PROMPT } from '../../src/summarize/boilerplate.js';
import { splitLines } from '../../src/summarize/prepare.js';
import { isQuoteOrQuestion } from '../../src/summarize/summarize.js';

// Checks the summarizer reads without a single regular expression (for speed) against the patterns they
// replaced, on text built from the characters each pattern turns on: summaries must not change by a byte.

const QUOTE_OR_QUESTION = /^[\s(]*["“‘«„]|[?？]["”’»]?\s*$/u;
const EMAIL = /^e-?mail\s+(?:us|me)\b|@\S+\.\S+\.?$/i;

const piece = fc.oneof(
  fc.constantFrom(
    '?', '？', '"', '”', '’', '»', '“', '‘', '«', '„', '(', ')', '.', '@', 'e-mail', 'email', 'Email', 'EMAIL', ' us', ' me', 'us', 'mes',
    'x.y', 'a', 'Why', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', ' ', '  ', '\t', '\n', '😀', '\ud83d', '\u200b',
  ),
  fc.stringMatching(/^[a-z]{1,5}$/),
);
const text = fc.array(piece, { maxLength: 12 }).map((ps) => ps.join(''));
// Few characters, so every order of them near the ends comes up.
const quoting = fc
  .array(fc.constantFrom('?', '？', '"', '”', '’', '»', '“', '‘', '«', '„', '(', ' ', '\u00a0', '\u3000', '\t', 'a', 'Why', '😀', '\ud83d'), { maxLength: 6 })
  .map((ps) => ps.join(''));

describe('patterns the summarizer reads by hand', () => {
  it('a quote or a question: as the one pattern read it', () => {
    fc.assert(
      fc.property(fc.oneof(text, quoting), (s) => {
        expect(isQuoteOrQuestion(s)).toBe(QUOTE_OR_QUESTION.test(s));
      }),
      { seed: 11, numRuns: 5000 },
    );
  });

  it('an e-mail prompt or a trailing address: as the one pattern read it', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(EMAIL_PROMPT.test(s)).toBe(EMAIL.test(s));
      }),
      { seed: 12, numRuns: 5000 },
    );
  });

  it('lines: as a split on CRLF, CR or LF read them', () => {
    const breaking = fc.array(fc.constantFrom('\r', '\n', '\r\n', '\n\r', 'a', 'bc', ' ', '\u2028', '\u0085'), { maxLength: 10 }).map((ps) => ps.join(''));
    fc.assert(
      fc.property(breaking, (s) => {
        expect(splitLines(s)).toEqual(s.split(/\r\n|\r|\n/));
      }),
      { seed: 13, numRuns: 3000 },
    );
  });

  it('examples each way', () => {
    expect(isQuoteOrQuestion('What next?” ')).toBe(true);
    expect(isQuoteOrQuestion(' ( “We won,” she said.')).toBe(true);
    expect(isQuoteOrQuestion('He asked why.')).toBe(false);
    expect(isQuoteOrQuestion('?')).toBe(true);
    expect(isQuoteOrQuestion('')).toBe(false);
    expect(EMAIL_PROMPT.test('Email us at tips@example.com')).toBe(true);
    expect(EMAIL_PROMPT.test('Contact jane@example.co.uk.')).toBe(true);
    expect(EMAIL_PROMPT.test('The e-mails were leaked.')).toBe(false);
  });
});
