/**
 * Sentence splitting for news copy: rules written for English, with Unicode case, quotes and
 * full-width terminators so that other languages split at least at their sentence ends.
 *
 * The hard cases are full stops that do not end a sentence (titles, initials,
 * acronyms, decimals, money) and sentences that were run together without a
 * space (`...from $10.9bn.For the full-year...`), which scraped news text and
 * summary datasets contain.
 */

import {
  CASELESS_TERMINATORS,
  classOf,
  CLOSERS,
  endsLikeSentence,
  isNumberAbbreviation,
  TERMINATORS,
  UNSPACED_TERMINATORS,
} from '../articles/sentence-end.js';
import { type SentenceRules, sentenceRulesFor } from './sentence-rules.js';

export { endsLikeSentence } from '../articles/sentence-end.js';

/** Abbreviations that precede a name and so never end a sentence. */
const TITLES = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'lt', 'col', 'capt', 'cpt',
  'sgt', 'cpl', 'adm', 'maj', 'rev', 'hon', 'st', 'mt', 'messrs', 'mme', 'mlle', 'fr', 'pres',
  'supt', 'insp', 'det', 'cllr', 'sr', 'jr',
]);

/** Abbreviations that introduce the rest of the sentence. */
const INLINE = new Set(['e.g', 'i.e', 'vs', 'v', 'cf', 'approx', 'viz', 'ca', 'al']);

/**
 * Abbreviations usually followed by a number (`No. 10`, `Jan. 5`). Before a digit, `isNumberAbbreviation` (the
 * rule derived headlines share) decides for most; this list decides before a word.
 */
const BEFORE_NUMBER = new Set([
  'no', 'nos', 'vol', 'p', 'pp', 'fig', 'figs', 'art', 'ch', 'op', 'jan', 'feb', 'mar', 'apr',
  'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/** `No. 10`, `Nos. 3 and 4`: abbreviations only before a number, or `Voters said no.` would go on. */
const ONLY_BEFORE_NUMBER = new Set(['no', 'nos']);

/** Names written with `!` (`Yahoo! Inc.`, `Jeopardy! host`): the `!` ends a sentence only before a typical opener. */
const EXCLAIMED_NAMES = new Set(['yahoo', 'jeopardy', 'wham']);

/** Invisible format characters (right-to-left marks, zero-width spaces) that may follow a terminator. */
const FORMAT_CHAR = /\p{Cf}/u;

/** Abbreviations that end a sentence only when a typical sentence opener follows. */
const AMBIGUOUS = new Set(['inc', 'ltd', 'corp', 'co', 'bros', 'plc', 'dept', 'univ', 'est']);

/**
 * Words that open sentences but rarely follow an abbreviation inside one. A short
 * hand list on purpose: general stopword lists contain words such as "state" or
 * "new" that often follow `U.S.` within a sentence.
 */
const OPENERS = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'this', 'that', 'these',
  'those', 'but', 'and', 'or', 'so', 'yet', 'in', 'on', 'at', 'for', 'his', 'her', 'its', 'their',
  'our', 'my', 'there', 'however', 'if', 'when', 'while', 'as', 'after', 'before', 'since',
  'although', 'though', 'meanwhile', 'also', 'then', 'now', 'some', 'many', 'most', 'other',
  'what', 'why', 'how', 'who', 'where', 'not', 'no', 'one', 'both', 'each', 'all', 'last',
  'earlier', 'later', 'instead', 'still', 'mr', 'mrs', 'ms', 'dr',
]);

const OPENERS_PUNCT = '"\'\u201c\u2018\u201e\u00ab\u2039\u300c\u300e\uff08([{';

const UPPER = /\p{Lu}|\p{Lt}/u;
const LOWER = /\p{Ll}/u;
const isUpper = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'A' && c <= 'Z') || (c > '\u007f' && UPPER.test(c)));
const isLower = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c > '\u007f' && LOWER.test(c)));
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c);
/** A number that may be an ordinal where ordinals take a full stop (`1.`, `12.`, `100.`). */
const ORDINAL_NUMBER = /^\d{1,3}$/;
const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\u00a0' || c === '\f' || c === '\v';

/** `U.S`, `e.g`, `a.m`: letters separated by single dots (the final dot is the candidate). */
const DOTTED_ACRONYM = /^(?:\p{L}\.)+\p{L}$/u;

/** `5 p.m. Friday` stays one sentence, `5 p.m. Police arrived` is two: only these may follow a time inside one. */
const AFTER_TIME = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'et', 'est', 'edt', 'ct',
  'cst', 'cdt', 'mt', 'mst', 'mdt', 'pt', 'pst', 'pdt', 'gmt', 'bst', 'utc', 'cet', 'cest', 'local',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/**
 * Endings after a dot with no space that make a name, not two sentences: `Amazon.Com`, `Node.Js`,
 * `Bet365.Com`. Without this, the run-together rule (for `bn.For`) would split them.
 */
const NAME_SUFFIXES = new Set([
  'com', 'net', 'org', 'gov', 'edu', 'info', 'biz', 'io', 'co', 'uk', 'us', 'eu', 'de', 'fr', 'ru', 'cn',
  'jp', 'au', 'ca', 'tv', 'fm', 'ai', 'app', 'dev', 'js', 'ts', 'py', 'rb', 'rs', 'go', 'exe', 'html', 'php',
]);

/** The word directly before position `end` (exclusive), without leading quotes or brackets. */
function wordBefore(line: string, end: number): string {
  let start = end;
  while (start > 0) {
    const c = line[start - 1] as string;
    if (isSpace(c) || OPENERS_PUNCT.includes(c)) break;
    start--;
  }
  return line.slice(start, end);
}

/** A capitalised word of letters (`Mainz`, `FSV`, `Kraków`): a name or, in German, a noun. */
const CAPITALISED_WORD = /^\p{Lu}[\p{L}\p{M}'’-]*$/u;
/** What may stand before a sentence's first word inside the line: a lead-in's `:` or a dash (`Er sagte: Das 1. Tor`). */
const CLAUSE_START = ':\u2014\u2013-';

/**
 * Whether the number that starts at `numberStart` follows a capitalised word that is not the first of its
 * sentence (`Mainz 05`, `Hannover 96`, `Platz 3`): the number of a name or a noun, not an ordinal, which
 * follows an article, a preposition, a comma (`Berlin, 3. Oktober`) or nothing. A sentence's first word may
 * be a capitalised article (`Das 1. Tor`, `Der 1. FC Köln`), so it does not count; nor does one after an
 * opening quote, a `:` or a dash, where a new sentence may begin.
 */
function followsName(line: string, numberStart: number, sentenceStart: number): boolean {
  let end = numberStart;
  while (end > sentenceStart && isSpace(line[end - 1])) end--;
  if (end === numberStart) return false;
  const word = wordBefore(line, end);
  if (!CAPITALISED_WORD.test(word)) return false;
  let before = end - word.length;
  while (before > sentenceStart && isSpace(line[before - 1])) before--;
  if (before <= sentenceStart) return false;
  const c = line[before - 1] as string;
  return !OPENERS_PUNCT.includes(c) && !CLAUSE_START.includes(c);
}

/** The letters of the word starting at `start`, lowercased. */
function wordAt(line: string, start: number): string {
  let end = start;
  while (end < line.length && (isUpper(line[end]) || isLower(line[end]))) end++;
  return line.slice(start, end).toLowerCase();
}

/**
 * Whether the `!` of a name such as `Yahoo!` ends the sentence, from the word at `next` after it: a lower-case
 * word goes on (`Yahoo! said`, `Wham! in 1984`, though `in` is a typical opener), a capitalised typical opener
 * ends it (`bought Yahoo! The deal`), any other capitalised word goes on (`Yahoo! Inc.`, `Jeopardy! Champion`).
 */
function exclaimedNameEnds(line: string, next: number): boolean {
  return !isLower(line[next]) && OPENERS.has(wordAt(line, next));
}

/**
 * Decides whether a single full stop at `dot` that is followed by whitespace ends
 * the sentence. `next` is the index of the first character after the whitespace.
 */
function fullStopEnds(
  line: string,
  dot: number,
  next: number,
  hasCloser: boolean,
  rules: SentenceRules,
  sentenceStart: number,
): boolean {
  const nextChar = line[next];
  if (isLower(nextChar)) return false;
  if (hasCloser) return true;
  const word = wordBefore(line, dot);
  if (isNumberAbbreviation(word, nextChar)) return false;
  const lower = word.toLowerCase();
  if (rules.ordinalDot && ORDINAL_NUMBER.test(word) && isLetter(nextChar) && !followsName(line, dot - word.length, sentenceStart)) {
    return rules.openersAfterOrdinal.has(wordAt(line, next));
  }
  if (TITLES.has(lower) || INLINE.has(lower)) return false;
  // A lone capital before the stop is an initial: "J. K. Rowling", "George W. Bush".
  if (word.length === 1 && isUpper(word)) return !isUpper(nextChar);
  if (ONLY_BEFORE_NUMBER.has(lower)) return !isDigit(nextChar);
  if (BEFORE_NUMBER.has(lower)) {
    if (isDigit(nextChar)) return false;
    return OPENERS.has(wordAt(line, next));
  }
  if (lower === 'a.m' || lower === 'p.m') return isUpper(nextChar) && !AFTER_TIME.has(wordAt(line, next));
  if (DOTTED_ACRONYM.test(word) || AMBIGUOUS.has(lower)) {
    return !isUpper(nextChar) || OPENERS.has(wordAt(line, next));
  }
  return true;
}

/**
 * Decides whether a terminator run followed directly by a non-space character ends
 * the sentence: only when a capitalised word follows (`bn.For`, `."He`), so that
 * `U.S.`, `e.g.`, `10.9`, `bbc.co.uk` and `ASP.NET` stay whole.
 */
function runTogetherEnds(line: string, runStart: number, after: number, hasCloser: boolean): boolean {
  let k = after;
  if (!hasCloser && OPENERS_PUNCT.includes(line[k] as string)) k++;
  if (!isUpper(line[k]) || !isLower(line[k + 1])) return false;
  if (!hasCloser && NAME_SUFFIXES.has(wordAt(line, k))) return false;
  if (hasCloser || line[runStart] !== '.') return true;
  const prev = line[runStart - 1];
  if (!(isLower(prev) || isDigit(prev) || prev === '%' || isUpper(prev))) return false;
  const word = wordBefore(line, runStart);
  const lower = word.toLowerCase();
  if (word.length === 1) return false;
  if (TITLES.has(lower) || INLINE.has(lower) || DOTTED_ACRONYM.test(word)) return false;
  return true;
}

/** Japanese quotative particles (`と`, `とか`, `って`): a quote they follow is part of the sentence that goes on. */
const QUOTATIVE = /^\s*(?:と|って)/u;
/** How far ahead a closing bracket is looked for: a quote runs a few sentences at most. */
const QUOTE_SCAN = 500;

/**
 * Whether the terminator at `at` is inside a Japanese 「…」 or 『…』 quote that a quotative particle follows
 * (`「なぜ今なのか？」と記者が質問した。`): the quote is reported speech, and the sentence is the one reporting it.
 */
function insideQuoteGoingOn(line: string, at: number): boolean {
  let depth = 0;
  const end = Math.min(line.length, at + QUOTE_SCAN);
  for (let p = at; p < end; p++) {
    const c = line[p];
    if (c === '\u300c' || c === '\u300e') depth++;
    else if (c === '\u300d' || c === '\u300f') {
      if (depth === 0) return QUOTATIVE.test(line.slice(p + 1, p + 4));
      depth--;
    }
  }
  return false;
}

const TERMINATOR = new RegExp(`[${classOf(TERMINATORS)}]`, 'gu');

function splitLine(line: string, out: string[], rules: SentenceRules): void {
  let start = 0;
  let i = 0;
  const n = line.length;
  const terminator = TERMINATOR;
  while (i < n) {
    terminator.lastIndex = i;
    const found = terminator.exec(line);
    if (found === null) break;
    i = found.index;
    const c = found[0];
    const runStart = i;
    let j = i;
    while (j < n && TERMINATORS.includes(line[j] as string)) j++;
    let k = j;
    while (k < n && CLOSERS.includes(line[k] as string)) k++;
    const hasCloser = k > j;
    while (k < n && FORMAT_CHAR.test(line[k] as string)) k++;
    let ends: boolean;
    const last = line[j - 1] as string;
    if (k >= n) {
      ends = true;
    } else if (UNSPACED_TERMINATORS.includes(last)) {
      ends = !insideQuoteGoingOn(line, runStart);
    } else if (CASELESS_TERMINATORS.includes(last)) {
      ends = true;
    } else if (isSpace(line[k])) {
      let next = k;
      while (next < n && isSpace(line[next])) next++;
      if (next >= n) ends = true;
      else if (j - runStart === 1 && c === '.') ends = fullStopEnds(line, runStart, next, hasCloser, rules, start);
      else if (j - runStart === 1 && c === '!' && !hasCloser && EXCLAIMED_NAMES.has(wordBefore(line, runStart).toLowerCase())) {
        ends = exclaimedNameEnds(line, next);
      }
      else ends = !isLower(line[next]);
    } else {
      ends = runTogetherEnds(line, runStart, k, hasCloser);
    }
    if (ends) {
      const sentence = line.slice(start, k).trim();
      if (sentence !== '') out.push(sentence);
      start = k;
    }
    i = k > i ? k : i + 1;
  }
  const rest = line.slice(start).trim();
  if (rest !== '') out.push(rest);
}

/**
 * Splits plain text into sentences, in order. Line breaks always end a sentence;
 * empty pieces are dropped and each sentence is trimmed. `language` (a primary subtag such as `de`, see
 * `sentenceLanguageFor`) adds that language's rules, such as ordinals written with a full stop.
 */
export function splitSentences(text: string, language = ''): string[] {
  const out: string[] = [];
  const rules = sentenceRulesFor(language);
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() !== '') splitLine(line, out, rules);
  }
  return out;
}

const UNSPACED_END = new RegExp(`[${classOf(UNSPACED_TERMINATORS)}][${classOf(CLOSERS)}]*$`, 'u');

/**
 * Sentences joined into running text: a space between them, none after a Chinese or Japanese full
 * stop, since those languages put no space between sentences.
 */
export function joinSentences(sentences: readonly string[]): string {
  let out = '';
  for (const sentence of sentences) {
    out += out === '' || UNSPACED_END.test(out) ? sentence : ` ${sentence}`;
  }
  return out;
}

/**
 * Whether a line of wrapped text ends a sentence, given the line after it: what {@link splitSentences}
 * would decide if the two were one line, so a line ending in `Mr.` or `U.S.` before `Brown` or `state`
 * goes on. A `:` ends a lead-in and counts as an end. For the `.txt` reader, which decides where a
 * paragraph ends with the summarizer's knowledge of abbreviations.
 */
export function lineEndsSentence(line: string, next: string): boolean {
  const text = line.trimEnd();
  if (!endsLikeSentence(text)) return false;
  let k = text.length;
  while (k > 0 && CLOSERS.includes(text[k - 1] as string)) k--;
  let runStart = k;
  while (runStart > 0 && TERMINATORS.includes(text[runStart - 1] as string)) runStart--;
  if (runStart === k || UNSPACED_TERMINATORS.includes(text[k - 1] as string) || CASELESS_TERMINATORS.includes(text[k - 1] as string)) return true;
  const following = next.trimStart();
  if (following === '') return true;
  if (k - runStart === 1 && text[runStart] === '.') {
    // Lowercase after a line's full stop is as often a new line's `iPhone` or URL as a sentence going on:
    // only a known abbreviation before the stop keeps the sentence open then.
    if (isLower(following[0])) {
      const word = wordBefore(text, runStart);
      const lower = word.toLowerCase();
      return !(TITLES.has(lower) || INLINE.has(lower) || BEFORE_NUMBER.has(lower) || AMBIGUOUS.has(lower) || DOTTED_ACRONYM.test(word));
    }
    return fullStopEnds(`${text} ${following}`, runStart, text.length + 1, k < text.length, sentenceRulesFor(''), 0);
  }
  return !isLower(following[0]);
}
