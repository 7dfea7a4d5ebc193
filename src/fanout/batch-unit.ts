import { processSources, type ProcessRequest } from '../publish/process-sources.js';
import type { SourceRef } from '../publish/source-processor.js';
import type { Store } from '../storage/store.js';
import type { BatchOutput } from './work-objects.js';

// Enough parallel GETs to hide S3 latency inside one batch (500 sequential GETs would take ~10 s).
const READ_CONCURRENCY = 16;

/**
 * The parse+summarize unit over one batch of changed sources: plain data in, plain data out, so any
 * worker can run it and the coordinator continues from the stored output. Each source's version is the
 * one actually read (it may be newer than the job's); the assembler uses a result only when that version
 * is the one its own listing shows.
 */
export async function runBatchUnit(input: Store, runId: string, batch: number, sources: SourceRef[], request: ProcessRequest): Promise<BatchOutput> {
  // A read that fails fails the unit: the queue retries it, and only a batch that keeps failing is
  // rejected (dead-lettered), where one process would have rejected the source at once.
  const reads: ({ bytes: Uint8Array; version: string } | null)[] = new Array(sources.length);
  let next = 0;
  const reader = async () => {
    while (next < sources.length) {
      const i = next++;
      reads[i] = await input.readVersioned((sources[i] as SourceRef).path);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, sources.length) }, reader));
  const results: BatchOutput['results'] = [];
  for (const [i, ref] of sources.entries()) {
    const read = reads[i];
    if (read === null || read === undefined) {
      results.push({ path: ref.path, version: ref.version, unreadable: 'vanished while the run was reading the input' });
      continue;
    }
    const [processed] = processSources([{ path: ref.path, bytes: read.bytes }], request);
    if (processed) results.push({ path: ref.path, version: read.version, processed });
  }
  return { runId, batch, results };
}
