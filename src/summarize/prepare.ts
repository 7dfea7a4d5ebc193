import { isBylineBlock, isFurniture, stripLeadingBoilerplate } from './boilerplate.js';
import { sentenceLanguageFor, type TermModel, termModelFor } from './language.js';
import { endsLikeSentence, splitSentences } from './sentences.js';

/** An article ready for sentence selection: its sentences without page furniture, and its term model. */
export interface PreparedText {
  readonly sentences: string[];
  readonly model: TermModel;
  /** The language whose sentence rules split it (see `sentenceLanguageFor`): a primary subtag, or ''. */
  readonly language: string;
}

/** A list item's own marker in plain text (`- `, `* `, `• `): the list, not its text. */
const BULLET = /^[-*•‣◦]\s+/u;
/**
 * A numbered item's marker (`1.`, `2)`): without it taken off first, the splitter reads `1.` as a sentence of
 * its own and the item as another.
 */
const NUMBERED = /^\d{1,2}[.)]\s+(?=\S)/u;
/** Punctuation an item may end with when the list is written as one sentence (`first;`, `second,`). */
const ITEM_END = /[\s,;]+$/u;

/**
 * `text.split(/\r\n|\r|\n/)` without the regular expression (2% of the summarizer's time): the lines
 * between CRLF, CR or LF breaks, an empty one between two breaks and after a final one.
 */
export function splitLines(text: string): string[] {
  // Most texts break lines with LF alone: the engine's split on one character scans natively.
  if (!text.includes('\r')) return text.split('\n');
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 10 && code !== 13) continue;
    lines.push(text.slice(start, i));
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
  }
  lines.push(text.slice(start));
  return lines;
}

/**
 * Splits `text` into sentence candidates. Every line is a block (a paragraph, a list item, a heading, a
 * table cell): no sentence runs across a line break. A block that is one piece not ending like a
 * sentence (see `endsLikeSentence`) is a fragment: a heading, a subhead, a byline, a list item. Fragments
 * are not sentences of their own: those right after a block ending in `:` finish it, as the items of a
 * list finish the sentence that introduces it, and it ends with a full stop where they end (`Here is the
 * list: first; second; third.`), or before a fragment that is page furniture (`Share this article`); the others are candidates only when the text has no sentence at all (a
 * list alone becomes one candidate).
 * Before the first sentence, byline blocks are dropped and a byline, update stamps and dateline are
 * removed from the start of each block. Sentences that are page furniture are dropped unless nothing
 * else is left. Shared by the summarizer and the Lead baseline so the two differ only in which
 * sentences they pick.
 */
export function prepareText(text: string, lang?: string): PreparedText {
  const language = sentenceLanguageFor(text, lang);
  const sentences: string[] = [];
  const fragmentRuns: string[] = [];
  let run: string[] = [];
  let atStart = true;
  // Whether the last block was a sentence ending in `:` that the fragments after it finish.
  let leadIn = false;
  const endRun = (): void => {
    if (run.length === 0) return;
    const items = run.join('; ');
    run = [];
    // The list ends the sentence: a full stop says so, or the next sentence would read as more of the list.
    if (leadIn) sentences[sentences.length - 1] = `${sentences[sentences.length - 1] as string} ${items}.`;
    else fragmentRuns.push(items);
  };
  for (const line of splitLines(text)) {
    let block = line.trim();
    if (block === '') continue;
    if (atStart) {
      if (isBylineBlock(block)) continue;
      block = stripLeadingBoilerplate(block);
    }
    const pieces = splitSentences(block.replace(NUMBERED, ''), language);
    const only = pieces.length === 1 ? (pieces[0] as string) : undefined;
    if (only !== undefined && !endsLikeSentence(only)) {
      const item = only.replace(BULLET, '').replace(ITEM_END, '');
      if (item === '') continue;
      // A share or read-more line after a list is the page's, not the list's: the list ends before it, and
      // the lines after it do not finish the sentence that introduced the list.
      if (isFurniture(item)) {
        endRun();
        leadIn = false;
        continue;
      }
      run.push(item);
      continue;
    }
    endRun();
    if (pieces.length === 0) continue;
    atStart = false;
    sentences.push(...pieces);
    leadIn = (pieces[pieces.length - 1] as string).endsWith(':');
  }
  endRun();
  const all = sentences.length > 0 ? sentences : fragmentRuns;
  const kept = all.filter((s) => !isFurniture(s));
  // Text that is nothing but furniture still gets a summary rather than ''.
  return { sentences: kept.length > 0 ? kept : all, model: termModelFor(text, lang), language };
}
