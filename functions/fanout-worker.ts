import { z } from 'zod';
import { handleBatchMessages, handleDeadLetters, type BatchResponse } from '../src/fanout/index.js';
import { failureFields } from './log.js';
import { coldStartFanoutDeps, type FanoutDeps } from './fanout-deps.js';

const SqsEventSchema = z.looseObject({ Records: z.array(z.looseObject({ messageId: z.string(), body: z.string() })) });
// Step Functions invokes the same code with one batch message as the payload.
const DirectSchema = z.looseObject({ runId: z.string(), batch: z.number().int().nonnegative() });

// Must match the batch queue's redrive policy in serverless.yml.
const MAX_RECEIVE_COUNT = 3;

function messagesOf(event: unknown) {
  const sqs = SqsEventSchema.safeParse(event);
  if (sqs.success) return sqs.data.Records;
  const direct = DirectSchema.parse(event);
  return [{ messageId: 'direct', body: JSON.stringify({ runId: direct.runId, batch: direct.batch }) }];
}

/** Runs parse+summarize batch units from the batch queue, answering SQS with partial batch failures. */
export function createWorkerHandler(getDeps: () => FanoutDeps) {
  return async (event: unknown): Promise<BatchResponse> => {
    const deps = getDeps();
    const answer = await handleBatchMessages({ input: deps.input, work: deps.state, queue: deps.queue, output: deps.output }, messagesOf(event), (messageId, error) =>
      deps.log.error('batch failed', { messageId, ...failureFields(error) }),
    );
    // Invoked by Step Functions there is no queue to report to: fail the task so the map retries it.
    if (!SqsEventSchema.safeParse(event).success && answer.batchItemFailures.length > 0) throw new Error('batch failed');
    return answer;
  };
}

/** Records batches from the dead-letter queue as failed (their sources rejected) and assembles if last. */
export function createDeadLetterHandler(getDeps: () => FanoutDeps) {
  return async (event: unknown): Promise<BatchResponse> => {
    const deps = getDeps();
    return handleDeadLetters({ work: deps.state, queue: deps.queue }, messagesOf(event), {
      maxReceiveCount: MAX_RECEIVE_COUNT,
      report: (problem) => deps.log.error('batch dead-lettered', { ...problem }),
    });
  };
}

export const handler = createWorkerHandler(coldStartFanoutDeps);
export const deadLetter = createDeadLetterHandler(coldStartFanoutDeps);
