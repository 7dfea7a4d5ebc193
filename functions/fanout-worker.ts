import * as z from 'zod';
import { CorruptWorkError, handleBatchMessages, handleDeadLetters, settleLeftovers, type BatchResponse, type DeliveredMessage } from '../src/fanout/index.js';
import { failureFields } from './log.js';
import { coldStartFanoutDeps, type FanoutDeps } from './fanout-deps.js';
import { useBuildHeap } from '../src/process/heap-settings.js';

const SqsEventSchema = z.looseObject({
  Records: z.array(
    z.looseObject({
      messageId: z.string(),
      body: z.string(),
      receiptHandle: z.string().optional(),
      attributes: z.looseObject({ ApproximateReceiveCount: z.coerce.number().int().positive().optional() }).optional(),
    }),
  ),
});
const BatchSchema = z.looseObject({ runId: z.string(), batch: z.number().int().nonnegative() });
// The Distributed Map's ItemBatcher hands a child a few batch messages at once.
const ItemsSchema = z.looseObject({ Items: z.array(BatchSchema).min(1) });
// The state machine's leftovers step names only the run.
const LeftoversSchema = z.looseObject({ runId: z.string(), manifest: z.string(), sweep: z.literal(true) });

// Must match the batch queue's redrive policy in serverless.yml.
const MAX_RECEIVE_COUNT = 3;
// A batch that failed with an error comes back after 15 s, then 30 s: a poison source is split within a
// minute or two per level instead of waiting out the visibility timeout three times per level.
const RETRY_AFTER_SECONDS = 15;

const messageOf = (b: z.infer<typeof BatchSchema>, i: number): DeliveredMessage => ({ messageId: `item-${i}`, body: JSON.stringify({ runId: b.runId, batch: b.batch }) });

function messagesOf(event: unknown): { messages: DeliveredMessage[]; fromQueue: boolean } {
  const sqs = SqsEventSchema.safeParse(event);
  if (sqs.success) return { messages: sqs.data.Records, fromQueue: true };
  const items = ItemsSchema.safeParse(event);
  if (items.success) return { messages: items.data.Items.map(messageOf), fromQueue: false };
  const batch = BatchSchema.safeParse(event);
  // Not a bug of ours: an event nobody sends (a hand-made test event, another function's); said as such.
  if (!batch.success) throw new CorruptWorkError('(event)', `not a batch event (SQS records, Items, or {runId, batch}): ${z.prettifyError(batch.error)}`);
  return { messages: [messageOf(batch.data, 0)], fromQueue: false };
}

/**
 * Runs parse+summarize batch units from the batch queue (answering SQS with partial batch failures) or
 * from the state machine (which assembles itself, so no assemble request is sent from there).
 */
export function createWorkerHandler(getDeps: () => FanoutDeps) {
  return async (event: unknown): Promise<BatchResponse> => {
    useBuildHeap();
    const deps = getDeps();
    const { messages, fromQueue } = messagesOf(event);
    const queue = fromQueue ? deps.queue : { ...deps.queue, requestAssemble: async () => {} };
    const answer = await handleBatchMessages({ input: deps.input, work: deps.state, queue, output: deps.output }, messages, (messageId, error) =>
      deps.log.error('batch failed', { messageId, ...failureFields(error) }),
    );
    if (fromQueue) await retrySoon(deps, SqsEventSchema.parse(event).Records, answer);
    // Invoked by Step Functions there is no queue to report to: fail the task so the map retries it
    // (batches already stored are skipped on the retry).
    if (!fromQueue && answer.batchItemFailures.length > 0) throw new Error(`${answer.batchItemFailures.length} of ${messages.length} batches failed`);
    return answer;
  };
}

async function retrySoon(deps: FanoutDeps, records: z.infer<typeof SqsEventSchema>['Records'], answer: BatchResponse): Promise<void> {
  const failed = new Set(answer.batchItemFailures.map((f) => f.itemIdentifier));
  for (const record of records) {
    if (!failed.has(record.messageId) || record.receiptHandle === undefined || deps.queue.retryAfter === undefined) continue;
    const receives = record.attributes?.ApproximateReceiveCount ?? 1;
    try {
      await deps.queue.retryAfter(record.receiptHandle, RETRY_AFTER_SECONDS * receives);
    } catch (error) {
      // The message still comes back, after the visibility timeout: slower, not lost.
      deps.log.warn('could not shorten the retry delay', { messageId: record.messageId, ...failureFields(error) });
    }
  }
}

/**
 * Settles batches that kept failing: from the dead-letter queue (then assembles if last), or every batch
 * the state machine's map left behind (its leftovers step).
 */
export function createDeadLetterHandler(getDeps: () => FanoutDeps) {
  return async (event: unknown): Promise<BatchResponse | { settled: number[] }> => {
    const deps = getDeps();
    const options = { maxReceiveCount: MAX_RECEIVE_COUNT, report: (problem: Record<string, unknown>) => deps.log.error('batch dead-lettered', { ...problem }) };
    const leftovers = LeftoversSchema.safeParse(event);
    if (leftovers.success) return { settled: await settleLeftovers({ work: deps.state, queue: deps.queue }, leftovers.data.runId, leftovers.data.manifest, options) };
    return handleDeadLetters({ work: deps.state, queue: deps.queue }, messagesOf(event).messages, options);
  };
}

export const handler = createWorkerHandler(coldStartFanoutDeps);
export const deadLetter = createDeadLetterHandler(coldStartFanoutDeps);
