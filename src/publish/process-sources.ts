import { type ProcessedSource, type SourceFile, processSource } from '../articles/index.js';
import { summarize } from '../summarize/index.js';

/** What the per-source stage needs, as plain data (it may cross to a worker thread). */
export interface ProcessRequest {
  siteUrl: string;
  maxBytes: number;
  summary: { sentences: number; words?: number };
  /** Article key → content hash whose previous summary is still valid: not summarized again. */
  reuseSummaries: Record<string, string>;
}

/** Runs the per-source stage for many sources: in this thread, or spread over worker threads. */
export type SourceProcessor = (sources: SourceFile[], request: ProcessRequest) => Promise<ProcessedSource[]>;

/** The per-source stage for one source, summary included (unless a front-matter or reusable one exists). */
export function processWithSummary(source: SourceFile, request: ProcessRequest): ProcessedSource {
  return processSource(source, {
    siteUrl: request.siteUrl,
    maxBytes: request.maxBytes,
    summarize: (article) =>
      request.reuseSummaries[article.key] === article.contentHash
        ? undefined
        : summarize(article.contentText, { sentences: request.summary.sentences, words: request.summary.words, title: article.title }),
  });
}

/** In this thread: the default, and what Lambda uses (one vCPU at the usual memory sizes). */
export const processInline: SourceProcessor = async (sources, request) => sources.map((s) => processWithSummary(s, request));
