import type { ProcessedSource } from '../articles/index.js';
import type { ProcessRequest } from '../publish/process-sources.js';

/** What the main thread sends a source worker: the run's request once, then batches of source bytes. */
export type ToWorker =
  | { type: 'start'; request: ProcessRequest; releaseContent: boolean }
  | { type: 'batch'; batch: number; sources: { path: string; bytes: Uint8Array }[] };

/** A source worker's answer to one batch. */
export type ToMain = { type: 'done'; batch: number; processed: ProcessedSource[] } | { type: 'failed'; batch: number; reason: string };
