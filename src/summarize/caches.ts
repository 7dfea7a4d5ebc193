import { forgetTermIds } from './article-terms.js';
import { forgetStems } from './tokens.js';

/**
 * Lets go of the summarizer's memos (vocabulary tables, stems): ~9 MB after 20,000 articles, and up to
 * their bounds on larger sites. Worth calling once a batch of summaries is done, in a process that goes
 * on to other work; summaries never depend on what the memos held.
 */
export function forgetSummarizerCaches(): void {
  forgetTermIds();
  forgetStems();
}
