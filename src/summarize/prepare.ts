import { isFurniture, stripLeadingBoilerplate } from './boilerplate.js';
import { type TermModel, termModelFor } from './language.js';
import { splitSentences } from './sentences.js';

/** An article ready for sentence selection: its sentences without page furniture, and its term model. */
export interface PreparedText {
  readonly sentences: string[];
  readonly model: TermModel;
}

/**
 * Splits `text` into sentences after removing a leading byline, update stamps and dateline, and drops
 * sentences that are page furniture (unless nothing else is left). Shared by the summarizer and the Lead baseline so the two differ
 * only in which sentences they pick.
 */
export function prepareText(text: string, lang?: string): PreparedText {
  const all = splitSentences(stripLeadingBoilerplate(text));
  const kept = all.filter((s) => !isFurniture(s));
  // Text that is nothing but furniture still gets a summary rather than ''.
  return { sentences: kept.length > 0 ? kept : all, model: termModelFor(text, lang) };
}
