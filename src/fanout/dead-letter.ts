import type { Store } from '../storage/store.js';
import { CorruptWorkError } from './fanout-error.js';
import type { WorkQueue } from './queue.js';
import { readRenderStage } from './render-unit.js';
import { runStatus } from './run-status.js';
import { type BatchResponse, BatchMessageSchema, type DeliveredMessage, assembleIfComplete } from './worker.js';
import { childBatches, errorKey, failedKey, jobKey, parsedKey, planKey, runPrefix, splitKey, splitPrefix } from './work-keys.js';
import { BatchErrorSchema, type Job, JobSchema, PlanSchema, readWork, reuseKeyPath, writeWork } from './work-objects.js';

export interface DeadLetterDeps {
  work: Store;
  queue: WorkQueue;
}

export interface DeadLetterOptions {
  maxReceiveCount: number;
  report: (problem: { messageId: string; runId?: string; batch?: number; reason: string }) => void;
}

/**
 * Splits stop here: a poison source costs about log2(batch size) splits, so a run may split as many
 * batches as it has planned ones (at least this many). Past that the failures look systematic (a broken
 * deployment, a store that refuses reads), and splitting further would only multiply messages.
 */
const MIN_SPLITS = 64;

export type Settled = 'landed' | 'split' | 'failed';

function halves(job: Job, children: [number, number]): [Job, Job] {
  const cut = Math.ceil(job.sources.length / 2);
  const half = (batch: number, sources: Job['sources']): Job => {
    const paths = new Set(sources.map((s) => s.path));
    const reuseSummaries = Object.fromEntries(Object.entries(job.request.reuseSummaries).filter(([key]) => paths.has(reuseKeyPath(key))));
    return { runId: job.runId, batch, request: { ...job.request, reuseSummaries }, sources };
  };
  return [half(children[0], job.sources.slice(0, cut)), half(children[1], job.sources.slice(cut))];
}

/**
 * Settles a batch that kept failing (`how` says where). A batch of several sources is split in two: both
 * halves are stored as jobs and queued, then the split is recorded (last, so a crash before it only
 * repeats idempotent steps). A single source, or a run past its split allowance, is recorded as failed:
 * its sources become rejections naming the reason and the last error a worker caught. A batch that has
 * landed or was settled before is left alone, so duplicate deliveries change nothing.
 */
export async function settleFailedBatch(deps: DeadLetterDeps, runId: string, batch: number, how: string): Promise<Settled> {
  if ((await deps.work.read(parsedKey(runId, batch))) !== null) return 'landed';
  if ((await deps.work.read(splitKey(runId, batch))) !== null) return 'split';
  if ((await deps.work.read(failedKey(runId, batch))) !== null) return 'failed';
  const plan = await readWork(deps.work, planKey(runId), PlanSchema);
  if (plan === null) throw new CorruptWorkError(planKey(runId), 'the plan of this dead-lettered batch is missing');
  const job = await readWork(deps.work, jobKey(runId, batch), JobSchema);
  if (job === null) throw new CorruptWorkError(jobKey(runId, batch), 'the job of this dead-lettered batch is missing');
  const lastError = (await readWork(deps.work, errorKey(runId, batch), BatchErrorSchema))?.error;
  const because = lastError === undefined ? '' : ` (last error: ${lastError})`;

  const splits = job.sources.length > 1 ? (await deps.work.list(splitPrefix(runId))).length : 0;
  const allowance = Math.max(MIN_SPLITS, plan.batches);
  if (job.sources.length > 1 && splits < allowance) {
    const children = childBatches(batch, plan.batches);
    for (const half of halves(job, children)) await writeWork(deps.work, jobKey(runId, half.batch), half);
    await deps.queue.enqueueBatches(children.map((child) => ({ runId, batch: child })));
    await writeWork(deps.work, splitKey(runId, batch), { runId, batch, children, reason: `${how}${because}` });
    return 'split';
  }
  const reason =
    job.sources.length === 1
      ? `alone in its batch, it ${how}${because}`
      : `its batch (${batch}, ${job.sources.length} sources) ${how}${because}; not split further: the run already split ${splits} batches, which looks like a systematic failure`;
  await writeWork(deps.work, failedKey(runId, batch), { runId, batch, reason, sources: job.sources });
  return 'failed';
}

/**
 * Batches that failed `maxReceiveCount` times arrive here: each is split in halves that are queued again,
 * down to single sources, so only a poison source is rejected (naming its reason) and everything else is
 * published; the run is assembled if this was the last batch out. A body that is not a batch message
 * cannot name a run: it is reported and dropped.
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
      // A render unit cannot be dropped like a batch of sources: the run stays pending and its coordinator sends it again.
      if ((await readRenderStage(deps.work, runId)) !== null) {
        options.report({ messageId: message.messageId, runId, batch, reason: `render unit ${batch} failed ${options.maxReceiveCount} times; the run sends it again after the resend age` });
        continue;
      }
      const how = `failed ${options.maxReceiveCount} times and went to the dead-letter queue`;
      const settled = await settleFailedBatch(deps, runId, batch, how);
      options.report({ messageId: message.messageId, runId, batch, reason: `batch ${batch} ${how}: ${settled}` });
      await assembleIfComplete(deps, runId);
    } catch {
      batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures };
}

/**
 * The state machine's leftovers step: after the map, every batch of its manifest that has not landed
 * failed its retries there, and is settled as a dead-lettered batch would be (halves go to the SQS queue).
 * The state machine assembles next, so no assemble request is sent from here.
 */
export async function settleLeftovers(deps: DeadLetterDeps, runId: string, manifest: string, options: DeadLetterOptions): Promise<number[]> {
  if (!manifest.startsWith(runPrefix(runId))) throw new CorruptWorkError(manifest, `not a manifest of run ${runId}`);
  const bytes = await deps.work.read(manifest);
  if (bytes === null) throw new CorruptWorkError(manifest, 'the manifest of this execution is missing');
  const listed = BatchMessageSchema.array().safeParse(JSON.parse(new TextDecoder().decode(bytes)));
  if (!listed.success) throw new CorruptWorkError(manifest, 'not a list of batch messages');
  const status = await runStatus(deps.work, runId);
  if (status === null) throw new CorruptWorkError(planKey(runId), 'the plan of this run is missing');
  const missing = new Set(status.missing);
  const leftovers = listed.data.map((m) => m.batch).filter((b) => missing.has(b));
  for (const batch of leftovers) {
    const how = 'failed in the state machine after retries';
    const settled = await settleFailedBatch(deps, runId, batch, how);
    options.report({ messageId: 'leftovers', runId, batch, reason: `batch ${batch} ${how}: ${settled}` });
  }
  return leftovers;
}
