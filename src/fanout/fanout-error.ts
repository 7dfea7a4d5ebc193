import { FeedwrightError } from '../errors/index.js';

/**
 * Not a failure: the changed sources were handed to workers, and this run stops before writing anything.
 * The invocation that sees every batch land (or the next scheduled run) assembles the site.
 */
export class FanoutPending extends FeedwrightError {
  override readonly name = 'FanoutPending' as const;
  readonly code = 'fanout-pending';
  override readonly exitCode = 0;
  constructor(
    readonly runId: string,
    readonly batches: number,
    readonly enqueued: boolean,
    /** What the workers run (render units name their stage). */
    readonly work = 'batches of changed sources',
  ) {
    super(`${batches} ${work} are being processed by workers (run ${runId}); the site is assembled when they are done`);
  }
}

/** A stored work object (plan, job, batch output) that does not have the expected shape. */
export class CorruptWorkError extends FeedwrightError {
  override readonly name = 'CorruptWorkError' as const;
  readonly code = 'corrupt-work';
  override readonly exitCode = 3;
  constructor(
    readonly key: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`fan-out work object ${key}: ${problem}`, options);
  }
}
