/** What travels on the batch queue: one message per batch, naming the run and the batch. */
export interface BatchMessage {
  runId: string;
  batch: number;
}

/**
 * The fan-out's messaging port: SQS on AWS, an in-memory queue with SQS semantics in the tests and the
 * bench. Both sends may be delivered more than once; every receiver is idempotent.
 */
export interface WorkQueue {
  enqueueBatches(messages: BatchMessage[]): Promise<void>;
  /** Asks for the assemble step of a run whose batches have all landed. */
  requestAssemble(runId: string): Promise<void>;
  /**
   * Brings a delivered batch message back after `seconds` instead of the queue's visibility timeout, which
   * is sized for a worker that dies (6x its timeout): a worker that caught an error retries soon.
   */
  retryAfter?(receiptHandle: string, seconds: number): Promise<void>;
}

/** A client, or how to make one when first needed (the deployed handlers load the SDK on first send). */
export type LazyClient<T> = T | (() => Promise<T>);

/** The client itself: made now if it was given as a way to make it. */
export async function clientOf<T>(client: LazyClient<T>): Promise<T> {
  return typeof client === 'function' ? (client as () => Promise<T>)() : client;
}
