import { type ProcessedSource, type SourceFile, processSource } from '../articles/index.js';
import { summarize } from '../summarize/index.js';

/** What the per-source stage needs. */
export interface ProcessRequest {
  siteUrl: string;
  maxBytes: number;
  summary: { sentences: number; words?: number };
  /** The site's language: what an article without its own `lang` is summarized as. */
  language: string;
  /** Article key → content hash whose previous summary is still valid: not summarized again. */
  reuseSummaries: Record<string, string>;
}

/** The per-source stage for one source, summary included (unless a front-matter or reusable one exists). */
function processWithSummary(source: SourceFile, request: ProcessRequest): ProcessedSource {
  return processSource(source, {
    siteUrl: request.siteUrl,
    maxBytes: request.maxBytes,
    summarize: (article) =>
      request.reuseSummaries[article.key] === article.contentHash
        ? undefined
        : summarize(article.contentText, {
            sentences: request.summary.sentences,
            words: request.summary.words,
            title: article.title,
            lang: article.meta.lang ?? request.language,
          }),
  });
}

/**
 * The per-source stage for every source, in this thread. The CLI shares it with worker threads past
 * 1,000 changed sources (src/threads: batches of this function's input on each thread, results put back
 * in order); the history of those trials and what the split buys is in bench/BUILD-RESULTS.md.
 */
export function processSources(sources: SourceFile[], request: ProcessRequest): ProcessedSource[] {
  return sources.map((s) => processWithSummary(s, request));
}
