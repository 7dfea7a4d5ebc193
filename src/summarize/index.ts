export { splitSentences } from './sentences.js';
export { summarize, SUMMARIZER_VERSION, type SummarizeOptions } from './summarize.js';
export { SummaryOptionError, type SummaryBudget } from './budget.js';
export { lead, textRank } from './baselines.js';
export {
  summarizeText,
  summarizeJsonl,
  SummarizeInputError,
  type SummarizeCommandOptions,
} from './summarize-command.js';
