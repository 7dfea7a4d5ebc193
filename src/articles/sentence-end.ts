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
