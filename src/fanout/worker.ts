import * as z from 'zod';
import type { Store } from '../storage/store.js';
import { runBatchUnit } from './batch-unit.js';
import type { WorkQueue } from './queue.js';
import { runStatus } from './run-status.js';
import { errorKey, failedKey, isRunId, jobKey, parsedKey, splitKey } from './work-keys.js';
import { BatchOutputSchema, JobSchema, readWork, requestOf, writeWork } from './work-objects.js';
import { CorruptWorkError } from './fanout-error.js';
import { runRenderMessage } from './render-unit.js';

export const BatchMessageSchema = z.object({
  runId: z.string().refine(isRunId, 'a run id (hex)'),
  batch: z.number().int().nonnegative(),
});

/** One delivered message, as SQS hands it to a function (only what the fan-out reads). */
export interface DeliveredMessage {
  messageId: string;
  body: string;
}

export interface FanoutWorkerDeps {
  input: Store;
  /** The private state store (work objects under `work/`). */
  work: Store;
  queue: WorkQueue;
  /** The published site, where render units write (see render-unit.ts). */
  output?: Store;
}

export interface BatchResponse {
  /** SQS partial batch failure reporting: only these messages are delivered again. */
  batchItemFailures: { itemIdentifier: string }[];
}

function parseMessage(body: string): z.infer<typeof BatchMessageSchema> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new CorruptWorkError('(message body)', 'not JSON', { cause: error });
  }
  const parsed = BatchMessageSchema.safeParse(json);
  if (!parsed.success) throw new CorruptWorkError('(message body)', z.prettifyError(parsed.error));
  return parsed.data;
}

/** After a batch lands: when it was the last one out, ask for the assemble step (any duplicate is harmless). */
export async function assembleIfComplete(deps: Pick<FanoutWorkerDeps, 'work' | 'queue'>, runId: string): Promise<boolean> {
  const status = await runStatus(deps.work, runId);
  if (status === null || status.missing.length > 0) return false;
  await deps.queue.requestAssemble(runId);
  return true;
}

/**
 * Runs one batch unit. A batch already stored (a duplicate delivery, a retry after a crash between the
 * write and the delete of the message) is not run again; its completion check is.
 */
export async function runBatchMessage(deps: FanoutWorkerDeps, body: string): Promise<void> {
  const { runId, batch } = parseMessage(body);
  if (await runRenderMessage(deps, runId, batch)) return;
  // A split batch is settled too: its halves carry its sources.
  const done = await Promise.all([parsedKey, failedKey, splitKey].map(async (key) => (await deps.work.read(key(runId, batch))) !== null));
  if (!done.includes(true)) {
    try {
      const job = await readWork(deps.work, jobKey(runId, batch), JobSchema);
      if (job === null) throw new CorruptWorkError(jobKey(runId, batch), 'the job of this message is missing');
      const output = await runBatchUnit(deps.input, runId, batch, job.sources, requestOf(job));
      BatchOutputSchema.parse(output);
      await writeWork(deps.work, parsedKey(runId, batch), output);
    } catch (error) {
      await recordError(deps.work, runId, batch, error);
      throw error;
    }
  }
  await assembleIfComplete(deps, runId);
}

// Best effort: the record only improves the reason a rejected source is given, so failing to write it
// must not hide the error that is being reported.
async function recordError(work: Store, runId: string, batch: number, error: unknown): Promise<void> {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  try {
    await writeWork(work, errorKey(runId, batch), { runId, batch, error: text.slice(0, 500) });
  } catch {
    // The original error is rethrown by the caller.
  }
}

/**
 * The worker's SQS handler logic: each message is one batch; a failing message is reported alone, so the
 * others in the delivery are not run again, and after `maxReceiveCount` failures SQS moves it to the DLQ.
 */
export async function handleBatchMessages(deps: FanoutWorkerDeps, messages: DeliveredMessage[], onError?: (messageId: string, error: unknown) => void): Promise<BatchResponse> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const message of messages) {
    try {
      await runBatchMessage(deps, message.body);
    } catch (error) {
      onError?.(message.messageId, error);
      batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures };
}
