import { capSentence, resolveBudget, takeWithinBudget, type SummaryBudget } from '../../src/summarize/budget.js';
import { splitSentences } from '../../src/summarize/sentences.js';
import { countWords } from '../../src/summarize/tokens.js';

/**
 * Lead as BASELINES.md measures it: the first sentences of the text as distributed, bylines and
 * datelines included. The summarizer's own `lead` removes those first and is the stricter baseline.
 */
export function plainLead(text: string, budget: SummaryBudget): string {
  const resolved = resolveBudget(budget);
  const sentences = splitSentences(text);
  const counts = sentences.map(countWords);
  return takeWithinBudget(
    sentences.map((_, i) => i),
    counts,
    resolved,
    false,
  )
    .map((i) => capSentence(sentences[i] as string, resolved))
    .join(' ');
}
