/** Full-width and other terminators that end a sentence with no space after them (Chinese, Japanese). */
export const UNSPACED_TERMINATORS = '\u3002\uff01\uff1f\uff61';
/**
 * Full stops of scripts without letter case: the Devanagari danda `।` and double danda `॥`, the Urdu full stop
 * `۔`, the Armenian `։`, the Ethiopic `።`, the Burmese `။` and the Khmer `។`. Nothing but a sentence end uses
 * them, so they end one whatever follows.
 */
export const CASELESS_TERMINATORS = '\u0964\u0965\u06d4\u0589\u1362\u104b\u17d4';
/** Characters that end a sentence: `.!?…`, the Arabic question mark, the full-width ones and the caseless ones. */
export const TERMINATORS = `.!?\u2026\u061f${UNSPACED_TERMINATORS}${CASELESS_TERMINATORS}`;
/** Closing quotes and brackets, looked through after a terminator (`."`, `?)`, `。」`). */
export const CLOSERS = '"\'\u201d\u2019\u00bb\u203a\u300d\u300f\uff09)]}';

/** `chars` as the inside of a regular-expression character class. */
export const classOf = (chars: string): string => chars.replace(/[\]\\^-]/g, '\\$&');

/** What a sentence may end with, looked through closing quotes and brackets; `:` ends a lead-in to what follows. */
const SENTENCE_END = new RegExp(`[${classOf(TERMINATORS)}:][${classOf(CLOSERS)}]*$`, 'u');
/** Thai and Lao have no sentence-ending mark: text ending in their letters ends where its paragraph does. */
const UNPUNCTUATED_SCRIPT_END = /[\u0e00-\u0eff]$/u;

/**
 * Whether a piece of text ends like a sentence (or a lead-in ending in `:`). One rule for the readers that
 * decide where a paragraph ends (wrapped lines, `<br>`) and the summarizer that decides what is a sentence:
 * text that does not (a heading, a subhead, a list item, a score line, a byline) is a fragment. Thai and
 * Lao text ends like a sentence at its end: nothing tells their headings from their prose.
 */
export function endsLikeSentence(piece: string): boolean {
  const text = piece.trimEnd();
  return SENTENCE_END.test(text) || UNPUNCTUATED_SCRIPT_END.test(text);
}

/**
 * Abbreviations written before a number: `No. 5`, `Nos. 3`, `Nr. 3` (German, Dutch, Polish), `Nro.`, `núm. 4`,
 * `n. 7` (Italian), `č. 12` (Czech, Slovak), `art. 12`, `Abs. 2`, `vol. 3`, `p. 4`, `pp. 12`, `fig. 2`,
 * `ch. 5`, `op. 27`, `sec. 9`, `para. 4`, `tab. 1`, `Bd. 2`, `Kap. 3`.
 */
const NUMBER_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'no', 'nos', 'nr', 'nrn', 'nro', 'núm', 'num', 'n', 'č', 'art', 'arts', 'abs', 'vol', 'vols', 'p', 'pp', 'fig',
  'figs', 'ch', 'chap', 'op', 'sec', 'para', 'tab', 'bd', 'kap',
]);

/** What a token may carry before its word: an opening quote or bracket, an elided article (`l'art.`). */
const WORD_PREFIX = /^.*['’"“‘«„([]/u;

/**
 * Whether the full stop after `token` (the text before it, back to a space: `No`, `Nr`, `l'art`) is an
 * abbreviation's before the number that follows, so it ends no sentence (`No. 5 Downing Street`, `Nr. 3`,
 * `art. 12`). One rule for the summarizer's sentence splitter and the derived headline's lead sentence.
 * Before anything but a digit they are words that may end one (`Voters said no.`).
 */
export function isNumberAbbreviation(token: string, next: string | undefined): boolean {
  if (next === undefined || next < '0' || next > '9') return false;
  return NUMBER_ABBREVIATIONS.has(token.replace(WORD_PREFIX, '').toLowerCase());
}
