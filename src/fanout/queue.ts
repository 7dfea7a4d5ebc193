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
}
