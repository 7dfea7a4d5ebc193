import { CASELESS_TERMINATORS, classOf, CLOSERS, isNumberAbbreviation, TERMINATORS, UNSPACED_TERMINATORS } from './sentence-end.js';
import { collapseWhitespace } from './whitespace.js';
import { fromLead } from '../summarize/boilerplate.js';

/** Longest derived headline, in UTF-16 code units (close enough to characters for prose). */
export const MAX_HEADLINE = 100;
/** A clause cut that leaves less than this is too short to be a headline; cut at a word instead. */
const MIN_CLAUSE_HEADLINE = 40;
/** Characters of the first paragraph searched for the end of the lead sentence. */
const LEAD_SCAN = 1000;

// Tokens that end in "." without ending a sentence. Single letters (initials, "U.S.") and
// tokens with an inner dot are handled by shape in `isAbbreviation`; `No.`, `Nr.`, `art.` before a number
// by `isNumberAbbreviation`, the summarizer's rule (`Voters said no.` ends a sentence).
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'inc', 'ltd', 'co', 'corp', 'vs', 'etc',
  'gen', 'gov', 'sen', 'rep', 'lt', 'col', 'capt', 'sgt', 'mt', 'ft', 'rev', 'hon',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'approx',
]);

// Words a headline must not end on: cutting "profits rose at the" leaves a dangling article.
export const DANGLING: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'from',
  'with', 'as', 'into', 'onto', 'than', 'that', 'which', 'who', 'whom', 'whose', 'if', 'is', 'are',
  'was', 'were', 'be', 'been', 'has', 'have', 'had', 'its', 'their', 'his', 'her', 'our', 'my',
  'your', 'this', 'these', 'those', 'not', 'so', 'while', 'after', 'before', 'amid', 'about',
]);

// Words that open a subordinate clause; cutting just before them keeps the main clause whole ("X has offered to step down | if it facilitates ...").
const CLAUSE_WORDS = [
  'that', 'which', 'who', 'whose', 'if', 'because', 'while', 'whereas', 'although', 'though',
  'after', 'before', 'when', 'since', 'unless', 'until', 'but', 'amid', 'despite', 'where',
];
// Deliberately absent: "and", "as", "so", "following" — they join noun phrases just as often
// ("Ursula von der Leyen and other officials"), and a cut there leaves a headless subject.
// Chinese and Japanese commas and colons take no space after them.
const CLAUSE_BOUNDARY = new RegExp(
  `(?:[,;:]\\s|[、，；：]|\\s[—–-]\\s|—|\\s\\((?=\\S))|\\s(?=(?:${CLAUSE_WORDS.join('|')})\\s)`,
  'giu',
);

/** A sentence with its terminator and closing quotes or brackets: its words, the terminator, the closers. */
const COMPLETE_SENTENCE = new RegExp(
  `^(.*?[\\p{L}\\p{N}\\p{M}%)\\]"'”’」』）])([.!?…。！？｡\u061f${CASELESS_TERMINATORS}]+)(["'”’)\\]」』）]*)$`,
  'su',
);
/** Full stops a headline drops (the Devanagari `।` and the other caseless ones too); a `?` or `!` (also full-width, Arabic `؟`) is kept. */
const FULL_STOPS = new RegExp(`[.…。｡${CASELESS_TERMINATORS}]+`, 'gu');

const TRAILING_PUNCT = /[\s.,;:!?…\-–—"'“”‘’(\[。｡、，；：！？「『（]+$/u;

/**
 * Where the lead sentence may end, as the summarizer's sentence splitter ends one: a `.!?…` (or Arabic `؟`)
 * run before a space and anything but a small letter: a capital, a digit, or a letter of a script without
 * capitals (Arabic, Hebrew, Devanagari, Thai, Han), where no letter tells a new sentence; or a Chinese or
 * Japanese full stop, or the full stop of a script without capitals (`।`, `۔`, `။` …), whatever follows.
 */
const LEAD_END = new RegExp(
  `[.!?…\u061f]+["'”’)\\]]*(?= ["'“‘(\\[]?[\\p{Lu}\\p{Lt}\\p{Lo}\\p{N}])|[${classOf(TERMINATORS)}]*[${classOf(UNSPACED_TERMINATORS + CASELESS_TERMINATORS)}][${classOf(CLOSERS)}]*`,
  'gu',
);

function isAbbreviation(token: string): boolean {
  const word = token.replace(/^[("'“‘[]+/u, '').replace(/\.$/, '');
  if (/^\p{L}$/u.test(word)) return true;
  if (word.includes('.')) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

// Japanese quotative particles: a quote one follows is part of the sentence that reports it.
const QUOTATIVE = /^\s*(?:と|って)/u;

/** The first sentence of `text` (whitespace collapsed), tolerant of "U.S." and "Dr." inside it. */
export function leadSentence(text: string): string {
  // Only the first paragraph can hold the lead sentence; bounding it keeps this O(1) per article.
  const firstBreak = text.search(/\n\s*\n/);
  const head = firstBreak === -1 ? text : text.slice(0, firstBreak);
  const flat = collapseWhitespace(head.length > LEAD_SCAN ? head.slice(0, LEAD_SCAN) : head).trim();
  LEAD_END.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LEAD_END.exec(flat)) !== null) {
    const before = flat.slice(0, m.index + m[0].length);
    const lastToken = before.slice(before.lastIndexOf(' ') + 1).replace(/["'”’)\]]+$/u, '');
    if (m[0] === '.' && (isAbbreviation(lastToken) || isNumberAbbreviation(lastToken.slice(0, -1), flat[m.index + 2]))) continue;
    // A Japanese quote a quotative particle follows (「…。」と市長は言った) is reported speech: the sentence
    // goes on, as the summarizer splits it.
    if (/[」』]$/u.test(m[0]) && QUOTATIVE.test(flat.slice(m.index + m[0].length))) continue;
    return before;
  }
  return flat;
}

function tidyEnd(text: string): string {
  let out = text.replace(TRAILING_PUNCT, '');
  for (;;) {
    const space = out.lastIndexOf(' ');
    if (space <= 0) return out;
    const last = out.slice(space + 1).toLowerCase();
    if (!DANGLING.has(last)) return out;
    out = out.slice(0, space).replace(TRAILING_PUNCT, '');
  }
}

function balanceQuotes(text: string): string {
  // A cut can leave an opening quote unmatched ("He said “we need"); drop the lone opener.
  const opens = (text.match(/“/g) ?? []).length;
  const closes = (text.match(/”/g) ?? []).length;
  if (opens > closes) return text.replace(/\s*“(?!.*“)/u, ' ').trim();
  return text;
}

/**
 * Derives a headline from the lead sentence of `text`, at most `max` characters.
 *
 * The lead is found as the summarizer finds it: after leading byline blocks, and with a byline, update
 * stamps or dateline (`WASHINGTON (AP) —`) taken off its start.
 *
 * Rules (deterministic):
 * - a lead sentence that fits is used whole, minus a closing full stop (`.` or `。`; a `?` or `!` is kept);
 * - otherwise cut at the last clause boundary (`, ; : — (`, `、 ，` or before a clause word such as
 *   "that", "if", "while", "because") that keeps at least 40 characters; the remaining main
 *   clause reads as a complete headline, so no ellipsis is added;
 * - failing that, cut at the last word boundary and add "…", because the text then stops
 *   mid-clause and the reader should see that;
 * - never mid-word (except a single word longer than `max`), never ending on punctuation
 *   or a dangling function word ("the", "of", "and", …).
 * Returns '' when the text has no letters or digits.
 */
export function deriveHeadline(text: string, max = MAX_HEADLINE): string {
  const lead = leadSentence(fromLead(text));
  // A whole sentence needs no tidying (its last word is no dangling one: "Who do you think you are?").
  const whole = COMPLETE_SENTENCE.exec(lead);
  if (whole !== null && /[\p{L}\p{N}]/u.test(lead)) {
    const headline = `${whole[1] as string}${(whole[2] as string).replace(FULL_STOPS, '')}${whole[3] as string}`;
    if (headline.length <= max) return headline;
  }
  const sentence = tidyEnd(lead);
  if (!/[\p{L}\p{N}]/u.test(sentence)) return '';
  if (sentence.length <= max) return sentence;

  const window = sentence.slice(0, max + 1);
  let clauseCut = -1;
  CLAUSE_BOUNDARY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CLAUSE_BOUNDARY.exec(window)) !== null) {
    if (m.index >= MIN_CLAUSE_HEADLINE && m.index <= max) clauseCut = m.index;
  }
  if (clauseCut > 0) {
    const cut = balanceQuotes(tidyEnd(sentence.slice(0, clauseCut)));
    if (cut.length >= MIN_CLAUSE_HEADLINE) return cut;
  }

  // Leave room for the ellipsis.
  const room = sentence.slice(0, max);
  const space = room.lastIndexOf(' ');
  const words = space > 0 ? room.slice(0, space) : room;
  const cut = balanceQuotes(tidyEnd(words)) || words;
  return `${cut}…`;
}
