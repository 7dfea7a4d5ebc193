import { capSentence, resolveBudget, type ResolvedBudget, type SummaryBudget } from './budget.js';
import { articleTerms } from './article-terms.js';
import { MAX_GRAPH_SENTENCES, type TermVector } from './graph.js';
import type { TermModel } from './language.js';
import { dependsOnPrevious } from './openers.js';
import { prepareText } from './prepare.js';
import { joinSentences } from './sentences.js';
import { detachedCopy } from '../strings/detached-copy.js';

/** Options for {@link summarize}. */
export interface SummarizeOptions extends SummaryBudget {
  /** The article's title; sentences that share its words rank a little higher. */
  title?: string;
  /**
   * The article's language as a BCP 47 tag (`en`, `de-AT`, `zh-Hans`). English gets stemming and stop
   * words; any other language the language-neutral term model. Without it the text is checked for
   * English function words.
   */
  lang?: string;
}

/** Scoring weights; exported for the benchmark's tuning, not part of the public API. */
export interface ScoringParams {
  /** Weight of the lead-position prior relative to centrality (both scaled to a maximum of 1), word budget. */
  position: number;
  /** The same under a sentence budget, where each slot swapped away from the lead costs a whole sentence. */
  positionSentences: number;
  /** How fast the position prior decays: prior = 1 / (1 + index / positionScale). */
  positionScale: number;
  /** Weight of similarity to earlier sentences in directed centrality (PacSum's λ1; negative favours openers). */
  backward: number;
  /** Edge threshold: similarities below min + threshold × (max − min) of the article count as 0. */
  threshold: number;
  /** Weight of the share of title terms a sentence contains. */
  title: number;
  /** Exponent on relative sentence length (negative prefers shorter sentences at equal score). */
  lengthExp: number;
  /** Cosine above which a candidate counts as a near-duplicate of a picked sentence and is skipped. */
  duplicate: number;
  /** Redundancy penalty: score × (1 − redundancy × max cosine to already picked sentences). */
  redundancy: number;
  /** Whether a word budget passes over a sentence that does not fit to take a shorter later one. */
  fill: boolean;
  /** Score multiplier for a sentence that is a direct quote or a question: they rarely state the news. */
  quoteFactor: number;
  /** Whether a summary may be no longer than the article's opening sentences under the same budget. */
  leadCap: boolean;
}

/** Chosen on the tuning sets only (see bench/SUMMARY-RESULTS.md). */
export const DEFAULT_PARAMS: ScoringParams = {
  position: 1,
  positionSentences: 3,
  positionScale: 1,
  backward: 0,
  threshold: 0.1,
  title: 0.05,
  lengthExp: 0,
  duplicate: 0.8,
  redundancy: 0.2,
  fill: true,
  leadCap: true,
  quoteFactor: 0.5,
};

/** Opens with a quotation mark (after spaces or a bracket): commentary rather than the news itself. */
const OPENS_WITH_QUOTE = /^[\s(]*["“‘«„]/u;
const QUESTION_MARKS = '?？';
const CLOSING_QUOTES = '"”’»';
const isJsSpace = (c: string): boolean => /\s/u.test(c);

/**
 * Opens with a quotation mark or ends with a question (`?`, a closing quote, then spaces): commentary or a
 * teaser rather than the news itself. The end is read backwards from the last character: as one pattern
 * (`[?？]["”’»]?\s*$`) it was tried at every position of every sentence.
 */
export function isQuoteOrQuestion(sentence: string): boolean {
  if (OPENS_WITH_QUOTE.test(sentence)) return true;
  let end = sentence.length;
  while (end > 0 && isJsSpace(sentence.charAt(end - 1))) end--;
  if (end === 0) return false;
  const last = sentence.charAt(end - 1);
  if (QUESTION_MARKS.includes(last)) return true;
  return end >= 2 && CLOSING_QUOTES.includes(last) && QUESTION_MARKS.includes(sentence.charAt(end - 2));
}

/**
 * Words in the article's opening sentences under `budget`: what a reader of the first sentences would
 * read. Infinity when not even the first sentence fits (it is then cut to the budget anyway).
 */
function leadWords(wordCounts: ArrayLike<number>, budget: ResolvedBudget): number {
  let words = 0;
  let taken = 0;
  for (let i = 0; i < wordCounts.length && taken < budget.sentences; i++) {
    const w = wordCounts[i] as number;
    if (words + w > budget.words) break;
    words += w;
    taken++;
  }
  return taken === 0 ? Number.POSITIVE_INFINITY : words;
}

/** A letter or digit of any script: a lead without one (a row of dashes) is no news to cut. */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Sentences with fewer content terms than this carry too little to stand alone. */
const MIN_CONTENT_TERMS = 3;

interface Analysis {
  readonly n: number;
  readonly vectors: TermVector[];
  /** tf-idf cosine similarity, n×n, zero diagonal. */
  readonly cosine: Float64Array;
}

/**
 * Working arrays of {@link analyse}, grown as needed and reused from article to article: seven typed arrays
 * per article, most past V8's 64-byte limit for typed arrays kept on the heap and so each with a buffer of
 * its own outside it, were half of the function's time. Only one article is analysed at a time, and what it
 * returns (the cosine matrix) is read before the next one starts.
 */
const scratch = {
  df: new Float64Array(1024),
  idf: new Float64Array(1024),
  postingStart: new Int32Array(1025),
  fill: new Int32Array(1024),
  postingDoc: new Int32Array(4096),
  postingWeight: new Float64Array(4096),
  norms: new Float64Array(MAX_GRAPH_SENTENCES),
  cosine: new Float64Array(MAX_GRAPH_SENTENCES * MAX_GRAPH_SENTENCES),
};

function analyse(vectors: TermVector[], termCount: number): Analysis {
  const n = vectors.length;
  if (scratch.df.length < termCount) {
    const size = Math.max(termCount, scratch.df.length * 2);
    scratch.df = new Float64Array(size);
    scratch.idf = new Float64Array(size);
    scratch.postingStart = new Int32Array(size + 1);
    scratch.fill = new Int32Array(size);
  }
  if (scratch.norms.length < n) {
    scratch.norms = new Float64Array(n);
    scratch.cosine = new Float64Array(n * n);
  }
  const { df, idf, postingStart, fill, norms, cosine } = scratch;
  df.fill(0, 0, termCount);
  for (const v of vectors) for (const id of v.ids) df[id] = (df[id] as number) + 1;
  for (let t = 0; t < termCount; t++) idf[t] = Math.log((n + 1) / (df[t] as number));

  // Posting lists let similarity cost follow shared terms rather than n² × vocabulary.
  postingStart[0] = 0;
  for (let t = 0; t < termCount; t++) postingStart[t + 1] = (postingStart[t] as number) + (df[t] as number);
  fill.set(postingStart.subarray(0, termCount));
  const postings = postingStart[termCount] as number;
  if (scratch.postingDoc.length < postings) {
    const size = Math.max(postings, scratch.postingDoc.length * 2);
    scratch.postingDoc = new Int32Array(size);
    scratch.postingWeight = new Float64Array(size);
  }
  const { postingDoc, postingWeight } = scratch;
  for (let i = 0; i < n; i++) {
    const v = vectors[i] as TermVector;
    let norm = 0;
    for (let k = 0; k < v.ids.length; k++) {
      const t = v.ids[k] as number;
      const w = (v.counts[k] as number) * (idf[t] as number);
      const at = fill[t] as number;
      postingDoc[at] = i;
      postingWeight[at] = w;
      fill[t] = at + 1;
      norm += w * w;
    }
    norms[i] = Math.sqrt(norm);
  }
  cosine.fill(0, 0, n * n);
  for (let t = 0; t < termCount; t++) {
    const from = postingStart[t] as number;
    const to = postingStart[t + 1] as number;
    for (let a = from; a < to; a++) {
      const i = postingDoc[a] as number;
      const wi = postingWeight[a] as number;
      for (let b = a + 1; b < to; b++) {
        const j = postingDoc[b] as number;
        const add = wi * (postingWeight[b] as number);
        cosine[i * n + j] = (cosine[i * n + j] as number) + add;
        cosine[j * n + i] = (cosine[j * n + i] as number) + add;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = (norms[i] as number) * (norms[j] as number);
      cosine[i * n + j] = d === 0 ? 0 : (cosine[i * n + j] as number) / d;
    }
  }
  return { n, vectors, cosine };
}

/**
 * Directed centrality after Zheng & Lapata (2019, PacSum): a sentence's similarity to the sentences
 * after it counts fully, to those before it with weight `backward`. News states a fact and then
 * elaborates on it, so the sentence later ones keep returning to is the one to pick. Edges below the
 * article's threshold are dropped first. Scaled to a maximum of 1.
 */
function directedCentrality(a: Analysis, params: ScoringParams): Float64Array {
  const { n, cosine } = a;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const c = cosine[i * n + j] as number;
      if (c < min) min = c;
      if (c > max) max = c;
    }
  }
  const centrality = new Float64Array(n);
  if (!(max > min)) return centrality;
  const cut = min + params.threshold * (max - min);
  for (let i = 0; i < n; i++) {
    let forward = 0;
    let backward = 0;
    for (let j = 0; j < n; j++) {
      const e = (cosine[i * n + j] as number) - cut;
      if (j === i || e <= 0) continue;
      if (j > i) forward += e;
      else backward += e;
    }
    centrality[i] = forward + params.backward * backward;
  }
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, centrality[i] as number);
  if (top > 0) for (let i = 0; i < n; i++) centrality[i] = Math.max(0, centrality[i] as number) / top;
  return centrality;
}

/** Share of the title's distinct terms that the sentence has. */
function titleOverlap(v: TermVector, inTitle: Uint8Array, titleTermCount: number): number {
  let shared = 0;
  for (let k = 0; k < v.ids.length; k++) shared += inTitle[v.ids[k] as number] as number;
  return shared / titleTermCount;
}

interface Candidates {
  readonly sentences: string[];
  readonly model: TermModel;
  /** A primary subtag (see `sentenceLanguageFor`), for the openers that refer back. */
  readonly language?: string;
}

/**
 * Picks sentence indices for the budget by greedy selection on position, directed centrality and
 * title overlap, with a redundancy penalty; returns them in article order. A sentence that refers back
 * (see `dependsOnPrevious`) is taken only after an earlier sentence, so the summary never opens with
 * one unless nothing self-contained is left.
 */
export function selectSentences(
  prepared: Candidates,
  options: SummarizeOptions | undefined,
  params: ScoringParams = DEFAULT_PARAMS,
): number[] {
  const asked = resolveBudget(options);
  const { sentences, model, language } = prepared;
  if (sentences.length === 0) return [];
  if (sentences.length === 1) return [0];
  const n = Math.min(sentences.length, MAX_GRAPH_SENTENCES);
  const { vectors, termCount, titleTermCount, inTitle, wordCounts } = articleTerms(sentences.slice(0, n), model, options?.title);
  const budget = params.leadCap ? { ...asked, words: Math.min(asked.words, leadWords(wordCounts, asked)) } : asked;
  const a = analyse(vectors, termCount);
  const { cosine } = a;
  const centrality = directedCentrality(a, params);

  let meanLength = 0;
  for (const v of vectors) meanLength += v.length;
  meanLength = Math.max(1, meanLength / n);

  const position = Number.isFinite(asked.words) ? params.position : params.positionSentences;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = vectors[i] as TermVector;
    if (v.length === 0) continue;
    const overlap = titleTermCount === 0 ? 0 : titleOverlap(v, inTitle, titleTermCount);
    const relevance = (centrality[i] as number) + position / (1 + i / params.positionScale) + params.title * overlap;
    const discount = (v.length < MIN_CONTENT_TERMS ? 0.25 : 1) * (isQuoteOrQuestion(sentences[i] as string) ? params.quoteFactor : 1);
    score[i] = relevance * discount * Math.pow(v.length / meanLength, params.lengthExp);
  }
  // Asked only of sentences that would otherwise be picked: few of an article's sentences ever are.
  const known = new Int8Array(n).fill(-1);
  const dependent = (i: number): number => {
    if (known[i] === -1) known[i] = dependsOnPrevious(sentences[i] as string, model, i === 0, language) ? 1 : 0;
    return known[i] as number;
  };
  // A lead longer than the whole budget is the news: cut to the budget, it says more than any short later
  // sentence that fits ("The mayor praised the vote."), which a word budget would otherwise pick instead.
  // Common in Chinese and Japanese, where each character counts as a word. Decided on its words alone, not
  // on the term model's content terms: those depend on the vocabulary (a Chinese lead tagged with an English
  // site's default is one English "term"), and the same lead must be cut the same way.
  if ((wordCounts[0] as number) > asked.words && LETTER_OR_DIGIT.test(sentences[0] as string) && dependent(0) === 0) return [0];
  return greedyPick(n, score, dependent, cosine, wordCounts, budget, asked.words, params);
}

function greedyPick(
  n: number,
  score: Float64Array,
  /** 1 when sentence i refers back (see `dependsOnPrevious`), else 0. */
  dependent: (i: number) => number,
  cosine: Float64Array,
  wordCounts: Int32Array,
  budget: ResolvedBudget,
  askedWords: number,
  params: ScoringParams,
): number[] {
  const picked: number[] = [];
  const maxSim = new Float64Array(n);
  const used = new Uint8Array(n);
  let words = 0;
  let first = n;
  let allowDependentOpener = false;
  let limit = budget.words;
  while (picked.length < budget.sentences) {
    let best = -1;
    let bestScore = -1;
    let top = -1;
    let topScore = -1;
    for (let i = 0; i < n; i++) {
      if (used[i] === 1 || (maxSim[i] as number) > params.duplicate) continue;
      const s = (score[i] as number) * (1 - params.redundancy * (maxSim[i] as number));
      const fits = words + (wordCounts[i] as number) <= limit;
      // A sentence that would change neither pick needs no check for referring back.
      if (!(s > topScore) && !(s > bestScore && fits)) continue;
      if (i < first && !allowDependentOpener && dependent(i) === 1) continue;
      if (s > topScore) {
        topScore = s;
        top = i;
      }
      if (s > bestScore && fits) {
        bestScore = s;
        best = i;
      }
    }
    // Without fill, the best sentence not fitting ends the summary, as a reader cutting it would stop.
    if (!params.fill && picked.length > 0 && top !== best) break;
    if (best < 0) {
      // Readability before length: a self-contained opener longer than the lead may still use the
      // budget asked for; only then may the summary open with a sentence that refers back.
      if (picked.length === 0 && limit < askedWords) {
        limit = askedWords;
        continue;
      }
      // Only sentences that refer back are left: better one of them than an empty summary.
      if (picked.length === 0 && !allowDependentOpener) {
        allowDependentOpener = true;
        limit = budget.words;
        continue;
      }
      break;
    }
    used[best] = 1;
    picked.push(best);
    limit = budget.words;
    words += wordCounts[best] as number;
    if (best < first) first = best;
    for (let i = 0; i < n; i++) {
      const c = cosine[best * n + i] as number;
      if (c > (maxSim[i] as number)) maxSim[i] = c;
    }
  }
  if (picked.length === 0) {
    // Nothing fits the word budget: the best sentence, cut to the budget, is better than nothing.
    let best = 0;
    for (let i = 1; i < n; i++) {
      const better = (score[i] as number) > (score[best] as number);
      if ((dependent(best) === 1 && dependent(i) === 0) || (better && dependent(i) <= dependent(best))) best = i;
    }
    picked.push(best);
  }
  return picked.sort((x, y) => x - y);
}

/**
 * Extractive summary: sentences from `text`, in article order, joined by a single space (none after a
 * Chinese or Japanese full stop). A leading
 * byline, update stamps and dateline and page-furniture sentences are removed first. Sentences are
 * ranked by lead position, directed centrality (PacSum-style forward degree), title overlap and a
 * discount for quotes and questions, and picked greedily within the budget (default
 * `DEFAULT_WORDS`, 60 words), skipping near-duplicates. A summary is never longer than the article's
 * own opening sentences under the same budget, and does not open with a sentence that refers back
 * when a self-contained one exists. A sentence over the budget is cut at a clause or word boundary
 * with `…` (see `capSentence`). Only the first MAX_GRAPH_SENTENCES sentences are candidates.
 * Returns '' only for text without any sentence.
 */
export function summarize(text: string, options?: SummarizeOptions): string {
  return summarizeWithParams(text, options, DEFAULT_PARAMS);
}

/** {@link summarize} with explicit scoring weights, for the benchmark. */
export function summarizeWithParams(text: string, options: SummarizeOptions | undefined, params: ScoringParams): string {
  const budget = resolveBudget(options);
  const prepared = prepareText(text, options?.lang);
  const chosen = selectSentences(prepared, options, params).map((i) => capSentence(prepared.sentences[i] as string, budget));
  // Each sentence is a slice of the article's text, and a join of several is a tree of those slices, not a
  // new string: kept as is, the summary (held for the whole run and cached) would keep the whole article
  // alive (a heap snapshot of a 30,000-article build: a third of the heap was texts held by summaries).
  return detachedCopy(chosen.length === 1 ? (chosen[0] as string) : joinSentences(chosen));
}
