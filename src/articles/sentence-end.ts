/** Full-width and other terminators that end a sentence with no space after them (Chinese, Japanese). */
export const UNSPACED_TERMINATORS = '\u3002\uff01\uff1f\uff61';
/** Characters that end a sentence: `.!?…`, the Arabic question mark and the full-width ones. */
export const TERMINATORS = `.!?\u2026\u061f${UNSPACED_TERMINATORS}`;
/** Closing quotes and brackets, looked through after a terminator (`."`, `?)`, `。」`). */
export const CLOSERS = '"\'\u201d\u2019\u00bb\u203a\u300d\u300f\uff09)]}';

/** `chars` as the inside of a regular-expression character class. */
export const classOf = (chars: string): string => chars.replace(/[\]\\^-]/g, '\\$&');

/** What a sentence may end with, looked through closing quotes and brackets; `:` ends a lead-in to what follows. */
const SENTENCE_END = new RegExp(`[${classOf(TERMINATORS)}:][${classOf(CLOSERS)}]*$`, 'u');

/**
 * Whether a piece of text ends like a sentence (or a lead-in ending in `:`). One rule for the readers that
 * decide where a paragraph ends (wrapped lines, `<br>`) and the summarizer that decides what is a sentence:
 * text that does not (a heading, a subhead, a list item, a score line, a byline) is a fragment.
 */
export function endsLikeSentence(piece: string): boolean {
  return SENTENCE_END.test(piece.trimEnd());
}
