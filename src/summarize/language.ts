/**
 * Which term model the summarizer uses for an article. English gets Porter stems and an English
 * function-word list; every other language gets a language-neutral model (see tokens.ts) rather than
 * English rules applied to text they do not fit.
 */
export type TermModel = 'english' | 'neutral';

/** Languages with stemming and stop words. Keep README's "summary languages" line in step. */
export const STEMMED_LANGUAGES: readonly string[] = ['en'];

/**
 * Function words common enough in any English paragraph to identify it, counted where they stand as whole
 * words (between characters outside `[A-Za-z0-9_]`, case ignored).
 */
const ENGLISH_MARKERS: ReadonlySet<string> = new Set(['the', 'and', 'of', 'to', 'in', 'is', 'was', 'that', 'for', 'on', 'with', 'said', 'it', 'he', 'a']);

/** How much of an untagged text is inspected to guess its language. */
const SAMPLE_CHARS = 1200;
/** Share of English markers above which untagged text is treated as English (English prose runs ~25–35%). */
const ENGLISH_MARKER_SHARE = 0.12;

/**
 * The term model for `text`: from `lang` (a BCP 47 tag, only its primary subtag counts) when given,
 * otherwise guessed from the share of English function words among the first words of the text.
 */
export function termModelFor(text: string, lang?: string): TermModel {
  if (lang !== undefined && lang.trim() !== '') {
    return STEMMED_LANGUAGES.includes(primaryLanguage(lang)) ? 'english' : 'neutral';
  }
  const { words, english } = sampleCounts(text);
  return words > 0 && english / words >= ENGLISH_MARKER_SHARE ? 'english' : 'neutral';
}

/** The primary subtag of a BCP 47 tag, lowercased (`de-AT` → `de`); '' for none. */
export function primaryLanguage(lang?: string): string {
  return lang?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * German function words that English prose does not use (`die`, `in`, `was` are left out: English has
 * them too), counted where they stand as whole words (between characters that are not letters or digits of
 * any script, case ignored).
 */
const GERMAN_WORDS = ['der', 'und', 'das', 'ist', 'nicht', 'mit', 'den', 'von', 'sich', 'des', 'auf', 'für', 'dem', 'ein', 'eine', 'einen', 'wird', 'wurde', 'hat', 'sind', 'zu', 'im', 'bei', 'nach', 'auch', 'am', 'es', 'er'];
/** The same words under Unicode case folding, for a candidate with a letter outside ASCII (`FÜR`, or `ſich` with a long s). */
const GERMAN_MARKER_FOLDED = new RegExp(`^(?:${GERMAN_WORDS.join('|')})$`, 'iu');
/** The longest marker of either list, in UTF-16 code units: longer runs of letters are no marker. */
const MARKER_MAX = Math.max(...GERMAN_WORDS.map((w) => w.length), ...[...ENGLISH_MARKERS].map((w) => w.length));
/** A lower-cased ASCII word character (`a-z`, `0-9`, `_`) in six bits, never 0. */
const sixBits = (lower: number): number => (lower >= 97 ? lower - 96 : lower === 95 ? 37 : lower - 48 + 27);
/**
 * A short lower-case ASCII word as a number, six bits a character (five characters: 30 bits, a small
 * integer to V8), so a run is looked up without making a string of it.
 */
const asciiKey = (word: string): number => [...word].reduce((key, c) => key * 64 + sixBits(c.charCodeAt(0)), 0);
const ENGLISH_KEYS: ReadonlySet<number> = new Set([...ENGLISH_MARKERS].map(asciiKey));
// `für` has a letter outside ASCII: runs with one go through GERMAN_MARKER_FOLDED.
const GERMAN_KEYS: ReadonlySet<number> = new Set(GERMAN_WORDS.filter((w) => /^[a-z]+$/.test(w)).map(asciiKey));
/** Share of German markers above which text tagged `en`, or untagged, is read as German (German prose runs ~20–30%). */
const GERMAN_MARKER_SHARE = 0.12;

/**
 * The language whose sentence rules split `text`: `lang`'s primary subtag, except that German text tagged
 * `en` or untagged is read as German. The build tags an article without `lang` with the site's language, so
 * a German article on an English site arrives as `en`, and English rules would end its sentences at every
 * ordinal (`am 1. Januar`).
 */
export function sentenceLanguageFor(text: string, lang?: string): string {
  const primary = primaryLanguage(lang);
  if (primary !== '' && primary !== 'en') return primary;
  const { words, german } = sampleCounts(text);
  return words > 0 && german / words >= GERMAN_MARKER_SHARE ? 'de' : primary;
}

/** What the language guesses count in the first {@link SAMPLE_CHARS} characters of a text. */
export interface SampleCounts {
  /** Runs of characters outside JavaScript's `\s`. */
  readonly words: number;
  /** Whole words among {@link ENGLISH_MARKERS}. */
  readonly english: number;
  /** Whole words among the German markers (`GERMAN_WORDS`). */
  readonly german: number;
}

/** JavaScript's `\s`: the ASCII spaces and the Unicode space separators, line separators and BOM. */
function isJsSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

const isAsciiAlnum = (code: number): boolean => (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
// With the `i` flag, as in the German pattern: case folding brings in a few marks (U+0345 folds to ι).
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/iu;
/** Code points outside ASCII already classified; bounded so hostile text cannot grow it without limit. */
const letterOrNumber = new Map<number, boolean>();
function isLetterOrNumber(codePoint: number): boolean {
  if (codePoint < 128) return isAsciiAlnum(codePoint);
  let known = letterOrNumber.get(codePoint);
  if (known === undefined) {
    known = LETTER_OR_NUMBER.test(String.fromCodePoint(codePoint));
    if (letterOrNumber.size >= 4096) letterOrNumber.clear();
    letterOrNumber.set(codePoint, known);
  }
  return known;
}

/**
 * The counts both guesses need, in one pass over the sample and without a string per word. They were a
 * split on `\s+` and a global match of each marker list, twice per article (the term model and the
 * sentence rules each sampled the text): ~10% of the summarizer's time. A marker is a whole run of word
 * characters (`[A-Za-z0-9_]` for English, as `\b` sees them; letters and digits of any script for German),
 * so each run is looked up once; test/summarize/language.test.ts checks the counts against the patterns.
 */
export function sampleCounts(text: string): SampleCounts {
  // An untagged article is sampled for its term model and for its sentence rules: the same text twice.
  if (text === lastSampled.text) return lastSampled.counts;
  const counts = countSample(text);
  // One article's text held until the next is sampled: no more than the summarizer holds anyway.
  lastSampled = { text, counts };
  return counts;
}

let lastSampled: { text: string; counts: SampleCounts } = { text: '', counts: { words: 0, english: 0, german: 0 } };

function countSample(text: string): SampleCounts {
  const end = Math.min(text.length, SAMPLE_CHARS);
  let words = 0;
  let english = 0;
  let german = 0;
  let inWord = false;
  // The current run of `[A-Za-z0-9_]`, and of letters and digits (by code point): its length (0: none) and
  // its lower-cased ASCII characters packed into a number while it is short enough to be a marker.
  let englishLength = 0;
  let englishKey = 0;
  let germanStart = -1;
  let germanKey = 0;
  let germanAscii = true;
  for (let i = 0; i <= end; ) {
    const code = i < end ? text.charCodeAt(i) : 32;
    // A surrogate pair is one code point to the German pattern; cut by the sample's end, a lone surrogate.
    const codePoint = code >= 0xd800 && code <= 0xdbff && i + 1 < end ? (text.codePointAt(i) as number) : code;
    const width = codePoint > 0xffff ? 2 : 1;
    const space = isJsSpace(code);
    if (!space && !inWord) words++;
    inWord = !space;
    const lower = code >= 65 && code <= 90 ? code + 32 : code;
    if (isAsciiAlnum(code) || code === 95) {
      englishLength++;
      if (englishLength <= MARKER_MAX) englishKey = englishKey * 64 + sixBits(lower);
    } else if (englishLength > 0) {
      if (englishLength <= MARKER_MAX && ENGLISH_KEYS.has(englishKey)) english++;
      englishLength = 0;
      englishKey = 0;
    }
    if (i < end && isLetterOrNumber(codePoint)) {
      if (germanStart < 0) {
        germanStart = i;
        germanAscii = true;
      }
      if (codePoint >= 128) germanAscii = false;
      else if (i - germanStart < MARKER_MAX) germanKey = germanKey * 64 + sixBits(lower);
    } else if (germanStart >= 0) {
      if (i - germanStart <= MARKER_MAX && (germanAscii ? GERMAN_KEYS.has(germanKey) : GERMAN_MARKER_FOLDED.test(text.slice(germanStart, i)))) german++;
      germanStart = -1;
      germanKey = 0;
    }
    i += width;
  }
  return { words, english, german };
}
