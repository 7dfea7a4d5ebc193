import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ProcessedSource, SourceFile } from '../articles/index.js';
import type { ProcessRequest } from '../publish/process-sources.js';
import { readSources } from '../publish/read-sources.js';
import { inProcessSources, processBatch, type ProcessedBatch, type ProcessOptions, type SourceProcessor, type SourceRef } from '../publish/source-processor.js';
import type { Store } from '../storage/store.js';
import type { ToMain, ToWorker } from './source-messages.js';

// Sources per batch, as the in-process path reads them: small enough that the worker and this thread
// finish close together, large enough that a message costs little beside the work it carries.
const BATCH = 128;
// Batches a worker holds at once: one it works on, one waiting, so it never idles while this thread is
// busy with a batch of its own (a message is only read between two batches here).
const WORKER_QUEUE = 2;

export interface ThreadOptions {
  /** The worker entry (dist/source-worker.js); absent (the TypeScript sources, no bundle), no workers. */
  workerUrl: URL | undefined;
  /** Worker threads beside this one. */
  threads: number;
  /** Fewer changed sources than this are processed here: starting a worker costs more than it saves. */
  minSources: number;
}

/** Worker threads beside the main one when the operator does not say: one per core beyond the first, at most 3. */
export function defaultThreads(): number {
  return Math.max(0, Math.min(availableParallelism(), 4) - 1);
}

/**
 * The per-source stage on this thread and worker threads together. Batches are read here in order and
 * given to whichever thread is free; their results are put back in batch order, so the run gets exactly
 * what {@link inProcessSources} gives (the stage depends only on each source's bytes and the request).
 * A worker that fails or exits hands its batches back to this thread: a thread problem never costs an
 * article.
 */
export function threadSourcesProcessor(options: ThreadOptions): SourceProcessor {
  return {
    async process(input, sources, request, processOptions = {}) {
      const { workerUrl } = options;
      if (options.threads < 1 || sources.length < options.minSources || workerUrl === undefined || !existsSync(workerUrl)) {
        return inProcessSources.process(input, sources, request, processOptions);
      }
      return runWithWorkers({ ...options, workerUrl }, input, sources, request, processOptions);
    },
  };
}

interface Pending {
  sources: SourceFile[];
  worker: WorkerSlot;
}

interface WorkerSlot {
  worker: Worker;
  held: Set<number>;
  dead: boolean;
}

async function runWithWorkers(options: ThreadOptions & { workerUrl: URL }, input: Store, refs: SourceRef[], request: ProcessRequest, processOptions: ProcessOptions): Promise<ProcessedBatch> {
  const releaseContent = processOptions.releaseContent === true;
  const here = (sources: SourceFile[]): ProcessedSource[] => processBatch(sources, request, releaseContent);
  const results: (ProcessedSource[] | undefined)[] = [];
  const pending = new Map<number, Pending>();
  let wake: (() => void) | undefined;
  const settle = (batch: number, processed: ProcessedSource[] | undefined) => {
    const job = pending.get(batch);
    if (!job) return;
    pending.delete(batch);
    job.worker.held.delete(batch);
    // A batch the worker could not do is done here: the in-process result, rejections and all.
    results[batch] = processed ?? here(job.sources);
    wake?.();
  };
  const slots: WorkerSlot[] = [];
  for (let i = 0; i < options.threads; i++) {
    const slot: WorkerSlot = { worker: new Worker(options.workerUrl), held: new Set(), dead: false };
    const giveBack = () => {
      slot.dead = true;
      for (const batch of [...slot.held]) settle(batch, undefined);
    };
    slot.worker.on('message', (message: ToMain) => settle(message.batch, message.type === 'done' ? message.processed : undefined));
    slot.worker.on('error', giveBack);
    slot.worker.on('exit', giveBack);
    // An answer that cannot be read back names no batch: everything the worker holds is done here.
    slot.worker.on('messageerror', () => {
      giveBack();
      void slot.worker.terminate();
    });
    const start: ToWorker = { type: 'start', request, releaseContent };
    slot.worker.postMessage(start);
    slots.push(slot);
  }
  const unreadable: ProcessedBatch['unreadable'] = [];
  try {
    let batch = 0;
    for (let start = 0; start < refs.length; start += BATCH, batch++) {
      const read = await readSources(
        input,
        refs.slice(start, start + BATCH).map((s) => s.path),
      );
      unreadable.push(...read.unreadable);
      // The workers' answers are read only when the event loop turns, which a store that reads without
      // waiting (the local folder reads synchronously) never lets happen.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const free = slots.find((s) => !s.dead && s.held.size < WORKER_QUEUE);
      if (free) {
        pending.set(batch, { sources: read.sources, worker: free });
        free.held.add(batch);
        const message: ToWorker = { type: 'batch', batch, sources: read.sources };
        free.worker.postMessage(message);
      } else {
        results[batch] = here(read.sources);
      }
    }
    while (pending.size > 0) await new Promise<void>((resolve) => (wake = resolve));
  } finally {
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
  const processed: ProcessedSource[] = [];
  for (const list of results) if (list) for (const source of list) processed.push(source);
  return { processed, unreadable };
}
