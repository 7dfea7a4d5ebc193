import type { SQSClient } from '@aws-sdk/client-sqs';
import { FeedwrightError } from '../errors/index.js';
import { clientOf, type BatchMessage, type LazyClient, type WorkQueue } from './queue.js';

/** A send SQS refused (after the SDK's own retries): the run is not planned, the next run plans it again. */
export class QueueSendError extends FeedwrightError {
  override readonly name = 'QueueSendError' as const;
  readonly code = 'queue-send';
  override readonly exitCode = 3;
  constructor(
    readonly queueUrl: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot send to ${queueUrl}: ${problem}`, options);
  }
}

// SQS takes at most 10 entries per SendMessageBatch.
const SQS_BATCH = 10;

/**
 * The SDK's module is loaded on first use, not at import: a fan-out Lambda that sends nothing in an
 * invocation (most worker runs, a coordinator run with nothing to fan out) does not pay its ~70 ms load.
 */
const sqsSdk = () => import('@aws-sdk/client-sqs');

/** The work queue on SQS: batch messages to the worker queue, assemble requests to the assemble queue. */
export function createSqsWorkQueue(options: { client: LazyClient<SQSClient>; batchQueueUrl: string; assembleQueueUrl: string }): WorkQueue {
  const ready = () => Promise.all([sqsSdk(), clientOf(options.client)]);
  return {
    async enqueueBatches(messages: BatchMessage[]) {
      if (messages.length === 0) return;
      const [{ SendMessageBatchCommand }, client] = await ready();
      for (let i = 0; i < messages.length; i += SQS_BATCH) {
        const chunk = messages.slice(i, i + SQS_BATCH);
        const answer = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: options.batchQueueUrl,
            Entries: chunk.map((m) => ({ Id: `b${m.batch}`, MessageBody: JSON.stringify({ runId: m.runId, batch: m.batch }) })),
          }),
        );
        // A batch send succeeds as a call even when some entries fail: each failure must be looked at.
        const failed = answer.Failed ?? [];
        if (failed.length > 0) {
          const first = failed[0];
          throw new QueueSendError(options.batchQueueUrl, `${failed.length} of ${chunk.length} messages refused (${first?.Code ?? '?'}: ${first?.Message ?? ''})`);
        }
      }
    },
    async requestAssemble(runId: string) {
      const [{ SendMessageCommand }, client] = await ready();
      await client.send(new SendMessageCommand({ QueueUrl: options.assembleQueueUrl, MessageBody: JSON.stringify({ runId }) }));
    },
    async retryAfter(receiptHandle: string, seconds: number) {
      const [{ ChangeMessageVisibilityCommand }, client] = await ready();
      await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: options.batchQueueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: Math.round(seconds) }));
    },
  };
}
