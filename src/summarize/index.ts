export { splitSentences } from './sentences.js';
export { summarize, type SummarizeOptions } from './summarize.js';
export { forgetSummarizerCaches } from './caches.js';
export { SUMMARIZER_VERSION } from './version.js';
export { DEFAULT_WORDS, SummaryOptionError, type SummaryBudget } from './budget.js';
export { STEMMED_LANGUAGES, termModelFor, type TermModel } from './language.js';
export { lead, textRank } from './baselines.js';
export {
  summarizeText,
  summarizeJsonl,
  SummarizeInputError,
  type SummarizeCommandOptions,
  type JsonlSummaries,
  type RejectedLine,
} from './summarize-command.js';
