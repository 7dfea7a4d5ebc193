import type { ProcessedSource, SourceFile } from '../articles/index.js';
import { siteReferences } from './assets.js';
import type { Store } from '../storage/store.js';
import { readSources } from './read-sources.js';
import { type ProcessRequest, processSources } from './process-sources.js';

/** A changed source to run the per-source stage on: its key and the version token the listing showed. */
export interface SourceRef {
  path: string;
  version: string;
}

/** What the per-source stage gives back for a set of changed sources. */
export interface ProcessedBatch {
  processed: ProcessedSource[];
  /** Sources that could not be read (or could not be processed at all): rejected, naming each. */
  unreadable: { path: string; reason: string }[];
}

/**
 * The port through which `prepareSite` runs the per-source stage (parse, sanitize, summarize) over the
 * changed sources. The default runs it here; a fan-out implementation runs it as stored batch units on
 * other workers. Either way the result must be what `processSources` gives for the same bytes.
 */
export interface SourceProcessor {
  process(input: Store, sources: SourceRef[], request: ProcessRequest, options?: ProcessOptions): Promise<ProcessedBatch>;
}

export interface ProcessOptions {
  /** Drop each article's HTML (and its plain text, once summarized) as soon as its batch is processed. */
  releaseContent?: boolean;
}

/**
 * A large run keeps no article's HTML from the per-source stage: every source's content at once is what
 * made a 100,000-article build need gigabytes (and a million-article coordinator more than a function
 * has). Pages read their article's source again when they are rendered, in bounded batches (see
 * page-content.ts); the HTML's possible local-file references are kept, so the run still knows which
 * files to publish. The plain text goes too, unless no summary was made from it yet.
 */
export function releaseProcessedContent(source: ProcessedSource, siteUrl: string): void {
  for (const article of source.articles) {
    if (article.contentRefs !== undefined) continue;
    article.contentRefs = siteReferences(article.contentHtml, siteUrl);
    article.contentHtml = '';
    if (article.summary !== undefined || article.meta.summary !== undefined) article.contentText = '';
  }
}

/** The per-source stage for one batch of read sources, on whichever thread runs it: content released when asked. */
export function processBatch(sources: SourceFile[], request: ProcessRequest, releaseContent: boolean): ProcessedSource[] {
  const processed = processSources(sources, request);
  if (releaseContent) for (const source of processed) releaseProcessedContent(source, request.siteUrl);
  return processed;
}

// Sources read and processed at a time: their bytes are dropped before the next batch is read, so a
// cold build never holds every source file and every parse in memory at once.
const READ_BATCH = 256;

/** The single-process path: read the changed sources and process them in this thread, a batch at a time. */
export const inProcessSources: SourceProcessor = {
  async process(input, sources, request, options = {}) {
    const batch: ProcessedBatch = { processed: [], unreadable: [] };
    for (let start = 0; start < sources.length; start += READ_BATCH) {
      const read = await readSources(
        input,
        sources.slice(start, start + READ_BATCH).map((s) => s.path),
      );
      batch.processed.push(...processBatch(read.sources, request, options.releaseContent === true));
      batch.unreadable.push(...read.unreadable);
    }
    return batch;
  },
};
