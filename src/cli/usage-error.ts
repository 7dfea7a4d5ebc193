import { FeedwrightError } from '../errors/index.js';

/** A command line the CLI cannot run: unknown command or flag, a missing or malformed value. */
export class UsageError extends FeedwrightError {
  override readonly name = 'UsageError' as const;
  readonly code = 'usage';
}
