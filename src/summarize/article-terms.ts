import type { TermVector } from './graph.js';
import type { TermModel } from './language.js';
import { countWords, termWords, wordTerms } from './tokens.js';
import { detachedCopy } from '../strings/detached-copy.js';

/**
 * The summarizer's term vectors, built without stemming or interning a word twice. Lower-casing each
 * sentence, matching its words with a regular expression, then stemming and interning every token (four
 * map operations per word) was most of the summarizer's time and garbage. News vocabulary repeats
 * heavily within and across articles, so every word is remembered with the global ids of its terms, and
 * an article renumbers those ids in order of first appearance: exactly the ids `buildTermVectors` gives
 * the strings of `contentTerms`, so similarities are summed in the same order and scores do not change
 * by a bit.
 */

/** Bound on remembered words, so a long-lived process cannot grow the vocabulary without limit. */
const VOCABULARY_LIMIT = 200_000;
const NO_TERMS: readonly number[] = [];

const termIds = new Map<string, number>();

function internTerm(term: string): number {
  let id = termIds.get(term);
  if (id === undefined) {
    id = termIds.size;
    termIds.set(term, id);
  }
  return id;
}

/** Global ids of the terms of one word of `termWords` (see `wordTerms`). */
function termIdsOf(word: string, model: TermModel): readonly number[] {
  const terms: string[] = [];
  wordTerms(word, model, terms);
  return terms.length === 0 ? NO_TERMS : terms.map(internTerm);
}

/** Words of sentences that are not all ASCII, looked up as strings. */
const wordIds: Record<TermModel, Map<string, readonly number[]>> = { english: new Map(), neutral: new Map() };

function idsOfWord(word: string, model: TermModel): readonly number[] {
  const words = wordIds[model];
  let ids = words.get(word);
  if (ids === undefined) {
    ids = termIdsOf(word, model);
    // A copy as the key: the word is a slice of an article's text (see detachedCopy).
    words.set(detachedCopy(word), ids);
  }
  return ids;
}

const lowerCaseCode = (code: number): number => (code >= 65 && code <= 90 ? code + 32 : code);

const INITIAL_SLOTS = 1 << 14;
const INITIAL_CHARS = 1 << 17;

// A slot's `value`: 0 empty, NO_TERM for a word without terms (a stopword), SEVERAL_TERMS for one whose
// ids are in `several`, else its only term id + FIRST_ID.
const NO_TERM = 1;
const SEVERAL_TERMS = 2;
const FIRST_ID = 3;
// Int32 fields per slot: the word's hash, its value, where its characters start in `chars`, its length.
const FIELDS = 4;

/**
 * ASCII words → term ids without making a string per word: an open-addressing table keyed by an FNV-1a
 * hash of the lower-cased characters, so a word costs a scan of its characters and, almost always, one
 * comparison with the word stored in its slot. A slot's hash, term id and place of its characters sit
 * side by side in one typed array, and the characters in another: with tens of thousands of words the
 * table does not fit in the CPU caches, and a lookup that read a hash array, a string array, the string,
 * an id-list array and the list cost ~6 cache misses; this reads 2 (tokenizing the 10,000-article bench
 * corpus under the profiler: 1.77 → 1.06 s of CPU, summaries byte for byte the same).
 */
class AsciiWordTable {
  private slots = new Int32Array(INITIAL_SLOTS * FIELDS);
  private chars = new Uint8Array(INITIAL_CHARS);
  private used = 0;
  private several = new Map<number, readonly number[]>();
  size = 0;

  constructor(private readonly model: TermModel) {}

  /** Appends to `out` the term ids of `text.slice(start, end)` lower-cased: an ASCII word whose lower-cased FNV-1a hash is `hash`. */
  append(text: string, start: number, end: number, hash: number, out: number[]): void {
    const slots = this.slots;
    const mask = slots.length / FIELDS - 1;
    const length = end - start;
    let slot = hash & mask;
    for (let at = slot * FIELDS, value = slots[at + 1] as number; value !== 0; at = slot * FIELDS, value = slots[at + 1] as number) {
      if (slots[at] === hash && slots[at + 3] === length && this.sameWord(slots[at + 2] as number, text, start, length)) {
        this.emit(value, at, out);
        return;
      }
      slot = (slot + 1) & mask;
    }
    const word = text.slice(start, end).toLowerCase();
    const ids = termIdsOf(word, this.model);
    const at = slot * FIELDS;
    const value = ids.length === 0 ? NO_TERM : ids.length === 1 ? (ids[0] as number) + FIRST_ID : SEVERAL_TERMS;
    slots[at] = hash;
    slots[at + 1] = value;
    const offset = this.store(word);
    slots[at + 2] = offset;
    slots[at + 3] = length;
    if (value === SEVERAL_TERMS) this.several.set(offset, ids);
    this.emit(value, at, out);
    // At most half full, so a probe ends soon.
    if (++this.size * 2 > mask + 1) this.resize((mask + 1) * 2);
  }

  clear(): void {
    this.size = 0;
    this.used = 0;
    this.several.clear();
    this.slots = new Int32Array(INITIAL_SLOTS * FIELDS);
    this.chars = new Uint8Array(INITIAL_CHARS);
  }

  private emit(value: number, at: number, out: number[]): void {
    if (value >= FIRST_ID) out.push(value - FIRST_ID);
    else if (value === SEVERAL_TERMS) for (const id of this.several.get(this.slots[at + 2] as number) as readonly number[]) out.push(id);
  }

  private sameWord(offset: number, text: string, start: number, length: number): boolean {
    const chars = this.chars;
    for (let k = 0; k < length; k++) if (chars[offset + k] !== lowerCaseCode(text.charCodeAt(start + k))) return false;
    return true;
  }

  /** Copies a lower-cased ASCII word into `chars`; where it starts (also the key of its ids in `several`). */
  private store(word: string): number {
    if (this.used + word.length > this.chars.length) {
      const grown = new Uint8Array(Math.max(this.chars.length * 2, this.used + word.length));
      grown.set(this.chars);
      this.chars = grown;
    }
    const offset = this.used;
    for (let k = 0; k < word.length; k++) this.chars[offset + k] = word.charCodeAt(k);
    this.used += word.length;
    return offset;
  }

  private resize(slotCount: number): void {
    const old = this.slots;
    const slots = new Int32Array(slotCount * FIELDS);
    const mask = slotCount - 1;
    for (let from = 0; from < old.length; from += FIELDS) {
      if (old[from + 1] === 0) continue;
      let slot = (old[from] as number) & mask;
      while (slots[slot * FIELDS + 1] !== 0) slot = (slot + 1) & mask;
      slots.set(old.subarray(from, from + FIELDS), slot * FIELDS);
    }
    this.slots = slots;
  }
}

const asciiWords: Record<TermModel, AsciiWordTable> = { english: new AsciiWordTable('english'), neutral: new AsciiWordTable('neutral') };

/** Empties the vocabulary tables (term ids are per article, so no summary depends on what they held). */
export function forgetTermIds(): void {
  termIds.clear();
  wordIds.english.clear();
  wordIds.neutral.clear();
  asciiWords.english.clear();
  asciiWords.neutral.clear();
}

/**
 * Characters outside ASCII that are neither letters, marks nor digits and that lower-casing leaves alone:
 * typographic quotes, dashes, the ellipsis, a no-break space, currency and a few signs. Between ASCII
 * words they separate words exactly as in `termWords`.
 */
const TYPOGRAPHIC = new Set([0xa0, 0xa3, 0xa9, 0xab, 0xb0, 0xbb, 0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2026, 0x20ac]);

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

// What the scan below needs of an ASCII character, from one table read: lowering, the word-character
// test and the budget's space test were three compare chains per character (summarizing the evaluation
// sets: ~7% faster, every summary the same). Classes as in `termWords` and `countWords`.
const OTHER = 0;
/** A space `countWords` separates words by (the no-break space, past ASCII, is tested on its own). */
const SPACE = 1;
/** A letter or digit of an ASCII word; `ASCII_LOWER` gives its lower-case code. */
const WORD = 2;
const ASCII_CLASS = new Uint8Array(128);
const ASCII_LOWER = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const lower = lowerCaseCode(code);
  ASCII_LOWER[code] = lower;
  ASCII_CLASS[code] = code === 32 || (code >= 9 && code <= 13) ? SPACE : (lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57) ? WORD : OTHER;
}
const NO_BREAK_SPACE = 160;

/**
 * Appends the global term ids of `sentence`'s words to `out` (which must be empty), as `termWords` and
 * `wordTerms` give them, and returns its words for the budget (`countWords`), counted in the same pass
 * over its characters. ASCII words with typographic punctuation go through the string-free table; a
 * sentence with any other character goes through `termWords`.
 */
function sentenceTermIds(sentence: string, model: TermModel, out: number[]): number {
  const table = asciiWords[model];
  const length = sentence.length;
  let start = -1;
  let hash = FNV_OFFSET;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < length; i++) {
    const code = sentence.charCodeAt(i);
    if (code < 128) {
      const kind = ASCII_CLASS[code] as number;
      if (kind === SPACE) {
        inWord = false;
      } else {
        if (!inWord) words++;
        inWord = true;
        if (kind === WORD) {
          if (start < 0) {
            start = i;
            hash = FNV_OFFSET;
          }
          hash = Math.imul(hash ^ (ASCII_LOWER[code] as number), FNV_PRIME);
          continue;
        }
      }
    } else {
      // Chinese and Japanese characters, which `countWords` counts one by one, are past 0x7f: the sentence
      // goes to `termWords` and is counted there.
      if (!TYPOGRAPHIC.has(code)) {
        out.length = 0;
        for (const word of termWords(sentence, model)) for (const id of idsOfWord(word, model)) out.push(id);
        return countWords(sentence);
      }
      if (code === NO_BREAK_SPACE) {
        inWord = false;
      } else {
        if (!inWord) words++;
        inWord = true;
      }
    }
    if (start >= 0) {
      table.append(sentence, start, i, hash, out);
      start = -1;
    }
  }
  if (start >= 0) table.append(sentence, start, length, hash, out);
  return words;
}

/**
 * Global term id → article term id + 1 (0: not in the article). Reused across articles, and all zero
 * between them, so an article does not allocate and clear a table the size of the vocabulary.
 */
let articleIdOf = new Int32Array(4096);

/** An article's sentences as term vectors, and which of their terms its title shares. */
export interface ArticleTerms {
  readonly vectors: TermVector[];
  /** Distinct terms in the sentences; ids run from 0 in order of first appearance. */
  readonly termCount: number;
  /** Distinct terms of the title, including those no sentence has. */
  readonly titleTermCount: number;
  /** 1 at the article ids of terms the title has. */
  readonly inTitle: Uint8Array;
  /** Each sentence's words for the budget (`countWords`): read in the same pass as its terms. */
  readonly wordCounts: Int32Array;
}

/** Sorts `ids` ascending: by insertion when short (most sentences), else by the array's sort. */
function sortIds(ids: number[]): void {
  if (ids.length > 32) {
    ids.sort((x, y) => x - y);
    return;
  }
  for (let i = 1; i < ids.length; i++) {
    const id = ids[i] as number;
    let j = i - 1;
    while (j >= 0 && (ids[j] as number) > id) {
      ids[j + 1] = ids[j] as number;
      j--;
    }
    ids[j + 1] = id;
  }
}

/** Term vectors of `sentences` (and the title's terms among them) under `model`. */
export function articleTerms(sentences: readonly string[], model: TermModel, title?: string): ArticleTerms {
  // Only between articles: ids must stay the same within one.
  if (termIds.size + wordIds.english.size + wordIds.neutral.size + asciiWords.english.size + asciiWords.neutral.size >= VOCABULARY_LIMIT) forgetTermIds();
  const globalIds: number[] = [];
  try {
    const counts: number[] = [];
    const vectors: TermVector[] = [];
    const wordCounts = new Int32Array(sentences.length);
    const sentenceIds: number[] = [];
    for (const [index, sentence] of sentences.entries()) {
      // Plain arrays of small integers, allocated on V8's young heap: a pair of typed arrays per sentence
      // (the counts past V8's 64-byte limit for typed arrays kept on the heap, so each with a buffer of its
      // own outside it) was a third of this function's time.
      const ids: number[] = [];
      sentenceIds.length = 0;
      wordCounts[index] = sentenceTermIds(sentence, model, sentenceIds);
      for (const globalId of sentenceIds) {
        if (globalId >= articleIdOf.length) {
          const grown = new Int32Array(Math.max(articleIdOf.length * 2, globalId + 1));
          grown.set(articleIdOf);
          articleIdOf = grown;
        }
        let id = (articleIdOf[globalId] as number) - 1;
        if (id < 0) {
          id = globalIds.length;
          globalIds.push(globalId);
          counts.push(0);
          articleIdOf[globalId] = id + 1;
        }
        const count = counts[id] as number;
        if (count === 0) ids.push(id);
        counts[id] = count + 1;
      }
      sortIds(ids);
      const sentenceCounts: number[] = [];
      for (const id of ids) {
        sentenceCounts.push(counts[id] as number);
        counts[id] = 0;
      }
      vectors.push({ ids, counts: sentenceCounts, length: sentenceIds.length });
    }
    const inTitle = new Uint8Array(globalIds.length);
    const titleIds = new Set<number>();
    sentenceIds.length = 0;
    if (title) sentenceTermIds(title, model, sentenceIds);
    for (const globalId of sentenceIds) {
      titleIds.add(globalId);
      const id = globalId < articleIdOf.length ? (articleIdOf[globalId] as number) - 1 : -1;
      if (id >= 0) inTitle[id] = 1;
    }
    return { vectors, termCount: globalIds.length, titleTermCount: titleIds.size, inTitle, wordCounts };
  } finally {
    for (const globalId of globalIds) articleIdOf[globalId] = 0;
  }
}

