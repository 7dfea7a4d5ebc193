import { FeedwrightError } from '../src/errors/index.js';

/**
 * An event or payload the caller must fix: it does not match its schema (`code: 'invalid-payload'`, the
 * message is zod's key-naming text), or it asks for something the config refuses (an unknown digest, a
 * backfill too long), in which case `code` is that error's code and `cause` the error itself.
 */
export class ValidationError extends FeedwrightError {
  override readonly name = 'ValidationError' as const;
  readonly code: string;
  constructor(
    message: string,
    readonly source: string,
    options: { code?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = options.code ?? 'invalid-payload';
  }
}
