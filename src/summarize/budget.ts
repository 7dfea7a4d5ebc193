import { FeedwrightError } from '../errors/index.js';
/** How long a summary may be: a number of sentences, or a number of words cut at a sentence boundary. */
export interface SummaryBudget {
  /** Maximum number of sentences (no limit unless given; with neither field the budget is 60 words). */
  sentences?: number;
  /** Maximum number of words; the summary stops at a sentence boundary within it. */
  words?: number;
}

/** A budget option that is not a positive integer. */
export class SummaryOptionError extends FeedwrightError {
  override readonly name = 'SummaryOptionError' as const;
  readonly code = 'invalid-summary-option';
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`summary option "${field}" must be a positive integer, got ${String(value)}`);
  }
}

export const DEFAULT_SENTENCES = 3;
/** The budget when none is given: about one digest line. */
export const DEFAULT_WORDS = 60;

/**
 * The build's budget from what was given (`summary` in the config, `--words`/`--sentences` on the command
 * line): 60 words when neither is given, and the 3-sentence ceiling unless `sentences` is given. One rule for
 * both, so `feedwright summarize` gives the summaries the build gives.
 */
export function buildBudget(given: SummaryBudget): SummaryBudget {
  const { sentences, words } = given;
  return {
    sentences: sentences ?? DEFAULT_SENTENCES,
    ...(words !== undefined ? { words } : sentences === undefined ? { words: DEFAULT_WORDS } : {}),
  };
}

/** Budget after validation: `words` is Infinity for a sentence budget. */
export interface ResolvedBudget {
  readonly sentences: number;
  readonly words: number;
}

function checkPositiveInteger(field: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
    throw new SummaryOptionError(field, value);
  }
}

/**
 * Validates a budget; a word budget alone sets no sentence limit, a sentence budget alone no word
 * limit, and no budget at all means {@link DEFAULT_WORDS} words.
 */
export function resolveBudget(budget: SummaryBudget | undefined): ResolvedBudget {
  const sentences = budget?.sentences;
  const words = budget?.words;
  checkPositiveInteger('sentences', sentences);
  checkPositiveInteger('words', words);
  if (words === undefined && sentences === undefined) {
    return { sentences: Number.POSITIVE_INFINITY, words: DEFAULT_WORDS };
  }
  if (words === undefined) {
    return { sentences: sentences ?? DEFAULT_SENTENCES, words: Number.POSITIVE_INFINITY };
  }
  return { sentences: sentences ?? Number.POSITIVE_INFINITY, words };
}

/**
 * Takes sentences in `order` while they fit. With `skipOverflow` a sentence that
 * does not fit is passed over and shorter later ones may still fill the budget;
 * without it selection stops at the first one that does not fit. At least one
 * sentence is always returned when `order` is non-empty. Result is in article order.
 */
export function takeWithinBudget(
  order: readonly number[],
  wordCounts: ArrayLike<number>,
  budget: ResolvedBudget,
  skipOverflow: boolean,
): number[] {
  const picked: number[] = [];
  let used = 0;
  for (const index of order) {
    if (picked.length >= budget.sentences) break;
    const words = wordCounts[index] ?? 0;
    if (used + words > budget.words) {
      if (skipOverflow) continue;
      break;
    }
    picked.push(index);
    used += words;
  }
  if (picked.length === 0 && order.length > 0) picked.push(order[0] as number);
  return picked.sort((a, b) => a - b);
}

/** Under a sentence budget, no single sentence may run longer than this many words. */
export const MAX_SENTENCE_WORDS = 100;
/** No sentence in a summary may run longer than this many characters (UTF-16 code units), `…` included. */
export const MAX_SENTENCE_CHARS = 1000;

const isSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13) || code === 160;

/**
 * Chinese and Japanese characters (CJK ideographs, kana): written without spaces, so each counts as a
 * word of the budget, the way their word counts are usually given. Otherwise a Chinese sentence would
 * be one "word" and a 60-word budget would allow 60 sentences.
 */
export const isWordCharacter = (code: number): boolean =>
  (code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);

/** Words for the budget: whitespace-separated runs, with each Chinese or Japanese character a word of its own. */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x3040 && isWordCharacter(code)) {
      count++;
      // Punctuation right after a character belongs to it, as after any word.
      inWord = true;
      continue;
    }
    const space = isSpace(code);
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

/**
 * A picked sentence cut to fit: at most the word budget (or {@link MAX_SENTENCE_WORDS} under a sentence
 * budget) and {@link MAX_SENTENCE_CHARS}, at a word boundary, ending in `…` when cut. A "sentence" is
 * whatever the splitter found between terminators, so text without punctuation (a 2 MB line) arrives as
 * one sentence; this keeps the summary within its budget anyway. A cut prefers the last clause
 * boundary (comma, semicolon, colon, dash) in the second half of what fits, else the last word boundary.
 */
export function capSentence(sentence: string, budget: ResolvedBudget): string {
  const maxWords = Math.min(budget.words, MAX_SENTENCE_WORDS);
  let words = 0;
  let inWord = false;
  let end = sentence.length;
  let cjkCut = false;
  for (let i = 0; i < sentence.length; i++) {
    const code = sentence.charCodeAt(i);
    if (code >= 0x3040 && isWordCharacter(code)) {
      inWord = true;
      if (++words > maxWords) {
        end = i;
        cjkCut = true;
        break;
      }
      continue;
    }
    const space = isSpace(code);
    if (!space && !inWord && ++words > maxWords) {
      end = i;
      break;
    }
    inWord = !space;
  }
  if (end === sentence.length && sentence.length <= MAX_SENTENCE_CHARS) return sentence;
  let cut = Math.min(end, MAX_SENTENCE_CHARS - 1);
  if (cut < end || (!cjkCut && cut === end)) {
    // Back to the last word boundary, unless the one word is itself too long.
    let space = cut;
    while (space > 0 && !isSpace(sentence.charCodeAt(space))) space--;
    if (space > 0) cut = space;
    else if (/[\uD800-\uDBFF]/.test(sentence.charAt(cut - 1))) cut--;
  }
  const clause = lastClauseBoundary(sentence, cut);
  if (clause > cut / 2) cut = clause;
  return `${sentence.slice(0, cut).replace(/[\s.,;:!?…\-–—、，；：]+$/u, '')}…`;
}

/** Index just after the last `,` `;` `:` or spaced dash before `end`, or -1. */
function lastClauseBoundary(sentence: string, end: number): number {
  for (let i = end - 1; i > 0; i--) {
    const c = sentence.charAt(i);
    if (c === ',' || c === ';' || c === ':' || c === '，' || c === '；' || c === '、') return i + 1;
    if ((c === '—' || c === '–' || c === '-') && isSpace(sentence.charCodeAt(i - 1))) return i;
  }
  return -1;
}
