import type { Store } from '../storage/store.js';
import { CorruptWorkError } from './fanout-error.js';
import type { WorkQueue } from './queue.js';
import { readRenderStage } from './render-unit.js';
import { type BatchResponse, BatchMessageSchema, type DeliveredMessage, assembleIfComplete } from './worker.js';
import { failedKey, jobKey, parsedKey } from './work-keys.js';
import { JobSchema, readWork, writeWork } from './work-objects.js';

/**
 * A batch that failed `maxReceiveCount` times arrives here: it is recorded as failed (its sources become
 * rejections naming the reason, so the rest of the site is still published), and the run is assembled if
 * it was the last batch out. A body that is not a batch message cannot name a run: it is reported and dropped.
 */
export async function handleDeadLetters(
  deps: { work: Store; queue: WorkQueue },
  messages: DeliveredMessage[],
  options: { maxReceiveCount: number; report: (problem: { messageId: string; runId?: string; batch?: number; reason: string }) => void },
): Promise<BatchResponse> {
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
      // A render unit cannot be dropped like a batch of sources: the run stays pending and its coordinator sends it again.
      if ((await readRenderStage(deps.work, runId)) !== null) {
        options.report({ messageId: message.messageId, runId, batch, reason: `render unit ${batch} failed ${options.maxReceiveCount} times; the run sends it again after the resend age` });
        continue;
      }
      const reason = `its batch (${batch}) failed ${options.maxReceiveCount} times and went to the dead-letter queue`;
      options.report({ messageId: message.messageId, runId, batch, reason });
      if ((await deps.work.read(parsedKey(runId, batch))) === null) {
        const job = await readWork(deps.work, jobKey(runId, batch), JobSchema);
        if (job === null) throw new CorruptWorkError(jobKey(runId, batch), 'the job of this dead-lettered message is missing');
        await writeWork(deps.work, failedKey(runId, batch), { runId, batch, reason, sources: job.sources });
      }
      await assembleIfComplete(deps, runId);
    } catch {
      batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures };
}
