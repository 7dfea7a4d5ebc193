import type { ProcessedSource } from '../articles/index.js';
import type { Store } from '../storage/store.js';
import { readSources } from './load-site.js';
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
  process(input: Store, sources: SourceRef[], request: ProcessRequest): Promise<ProcessedBatch>;
}

/** The single-process path: read the changed sources and process them in this thread. */
export const inProcessSources: SourceProcessor = {
  async process(input, sources, request) {
    const read = await readSources(
      input,
      sources.map((s) => s.path),
    );
    return { processed: processSources(read.sources, request), unreadable: read.unreadable };
  },
};
