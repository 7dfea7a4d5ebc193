import { stemmer } from 'stemmer';
import type { TermModel } from './language.js';
import { detachedCopy } from '../strings/detached-copy.js';

/**
 * English function words only: articles, pronouns, auxiliaries, prepositions,
 * conjunctions and a few adverbs, plus the fragments left when an apostrophe
 * splits a contraction ("don't" → "don"; one-letter tokens are dropped anyway).
 * "won" stays a content word: in news it is far more often "won" than "won't". Kept short on purpose: a broad
 * list such as stopwords-iso's (1,298 words) also drops words that related news
 * sentences share ("million", "year", "state", "group", "uk"), which thins the
 * sentence graph; on BBC News Summary it cost about 2.5 ROUGE-1 points.
 */
const STOPWORDS: ReadonlySet<string> = new Set(
  `a an the this that these those
  i me my mine myself we us our ours ourselves you your yours yourself yourselves
  he him his himself she her hers herself it its itself they them their theirs themselves
  who whom whose which what where when why how
  am is are was were be been being have has had having do does did doing done
  will would shall should can could may might must ought cannot
  and or but nor so yet if then than because as while although though unless until whether
  of at by for with about against between into through during before after above below
  to from up down in out on off over under again further once
  here there all any both each few more most other some such no not only own same too very just also
  ll re ve don isn aren wasn weren hasn haven hadn doesn didn wouldn shan shouldn couldn mustn
  needn mightn`.split(/\s+/),
);

/** Bound on memoized stems so a long-lived process cannot grow the cache without limit. */
const STEM_CACHE_LIMIT = 200_000;
const stemCache = new Map<string, string | null>();

/** Empties the stem memo (a cache only: stems are computed again on demand). */
export function forgetStems(): void {
  stemCache.clear();
}

/**
 * Lowercased English word → Porter stem, or null for stopwords and one-character tokens.
 * Words with letters outside a–z are kept whole: the Porter rules are for English spelling only.
 * Memoized: news vocabulary repeats heavily across articles.
 */
export function contentStem(word: string): string | null {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  // The word is a slice of an article's text: the cache keeps a copy, not a view that keeps the article.
  const own = detachedCopy(word);
  const stem = own.length < 2 || STOPWORDS.has(own) ? null : /^[a-z0-9]+$/.test(own) ? stemmer(own) : own;
  if (stemCache.size >= STEM_CACHE_LIMIT) forgetStems();
  stemCache.set(own, stem);
  return stem;
}

/** A run of Unicode letters, combining marks and digits: one word for the term models. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const ASCII_WORD = /[a-z0-9]+/g;
const NON_ASCII = /[^\x00-\x7f]/;
/** Scripts written without spaces between words; their text is indexed by character bigrams. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/**
 * Language-neutral stand-in for a stemmer: the first few characters of a word. Inflection mostly
 * changes word endings ("Präsident", "Präsidenten"; "президент", "президента"), so a prefix conflates
 * the forms of a word in most languages without knowing any of them.
 */
const NEUTRAL_PREFIX = 5;

function neutralTerms(word: string, out: string[]): void {
  if (UNSPACED.test(word)) {
    const chars = Array.from(word);
    if (chars.length === 1) out.push(word);
    for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i] as string}${chars[i + 1] as string}`);
    return;
  }
  const chars = Array.from(word);
  // One-character words are mostly function words or stray letters in spaced scripts.
  if (chars.length < 2) return;
  out.push(chars.length <= NEUTRAL_PREFIX ? word : chars.slice(0, NEUTRAL_PREFIX).join(''));
}

/**
 * The words of `text` the term models read: lowercased runs of letters, marks and digits. English text
 * that is all ASCII takes a pattern several times faster than the Unicode one, with the same words.
 */
export function termWords(text: string, model: TermModel): string[] {
  const lower = text.toLowerCase();
  return lower.match(model === 'english' && !NON_ASCII.test(lower) ? ASCII_WORD : WORD) ?? [];
}

/** Appends the terms of one word from {@link termWords} to `out` (none for a function word). */
export function wordTerms(word: string, model: TermModel, out: string[]): void {
  if (model === 'english') {
    const stem = contentStem(word);
    if (stem !== null) out.push(stem);
  } else {
    neutralTerms(word, out);
  }
}

/**
 * The terms sentences are compared on. English: Porter stems of content words (function words dropped).
 * Neutral: lowercased word prefixes, and character bigrams for scripts without spaces; frequent function
 * words are not listed but get little weight from inverse sentence frequency in the similarity.
 */
export function contentTerms(text: string, model: TermModel): string[] {
  const out: string[] = [];
  for (const word of termWords(text, model)) wordTerms(word, model, out);
  return out;
}

/** English content stems of a piece of text; see {@link contentTerms}. */
export function contentStems(text: string): string[] {
  return contentTerms(text, 'english');
}

export { countWords } from './budget.js';
