import type { Store } from '../storage/store.js';
import { CorruptWorkError } from './fanout-error.js';
import type { WorkQueue } from './queue.js';
import { runStatus } from './run-status.js';
import { type BatchResponse, BatchMessageSchema, type DeliveredMessage, assembleIfComplete } from './worker.js';
import { failedKey, jobKey, parsedKey } from './work-keys.js';
import { JobSchema, readWork, writeWork } from './work-objects.js';

export interface DeadLetterDeps {
  work: Store;
  queue: WorkQueue;
}

export interface DeadLetterOptions {
  maxReceiveCount: number;
  report: (problem: { messageId: string; runId?: string; batch?: number; reason: string }) => void;
}

/** A batch that kept failing: recorded as failed, so its sources become rejections naming the reason. */
async function settleFailedBatch(deps: DeadLetterDeps, runId: string, batch: number, reason: string): Promise<void> {
  if ((await deps.work.read(parsedKey(runId, batch))) !== null) return;
  const job = await readWork(deps.work, jobKey(runId, batch), JobSchema);
  if (job === null) throw new CorruptWorkError(jobKey(runId, batch), 'the job of this dead-lettered batch is missing');
  await writeWork(deps.work, failedKey(runId, batch), { runId, batch, reason, sources: job.sources });
}

/**
 * A batch that failed `maxReceiveCount` times arrives here: it is recorded as failed (its sources become
 * rejections naming the reason, so the rest of the site is still published), and the run is assembled if
 * it was the last batch out. A body that is not a batch message cannot name a run: it is reported and dropped.
 */
export async function handleDeadLetters(deps: DeadLetterDeps, messages: DeliveredMessage[], options: DeadLetterOptions): Promise<BatchResponse> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const message of messages) {
    let parsed;
    try {
      parsed = BatchMessageSchema.safeParse(JSON.parse(message.body));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      options.report({ messageId: message.messageId, reason: 'dead-lettered message is not a batch message; dropped' });
      continue;
    }
    const { runId, batch } = parsed.data;
    try {
      const reason = `its batch (${batch}) failed ${options.maxReceiveCount} times and went to the dead-letter queue`;
      options.report({ messageId: message.messageId, runId, batch, reason });
      await settleFailedBatch(deps, runId, batch, reason);
      await assembleIfComplete(deps, runId);
    } catch {
      batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures };
}

/**
 * The state machine's leftovers step: after the map, every batch of the run that has not landed failed
 * its retries there, and is settled as a dead-lettered batch would be. The state machine assembles next,
 * so no assemble request is sent from here.
 */
export async function settleLeftovers(deps: DeadLetterDeps, runId: string, options: DeadLetterOptions): Promise<number[]> {
  const status = await runStatus(deps.work, runId);
  if (status === null) throw new CorruptWorkError(runId, 'the plan of this run is missing');
  for (const batch of status.missing) {
    const reason = `its batch (${batch}) failed in the state machine after retries`;
    options.report({ messageId: 'leftovers', runId, batch, reason });
    await settleFailedBatch(deps, runId, batch, reason);
  }
  return status.missing;
}
