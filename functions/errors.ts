import { FeedwrightError } from '../src/errors/index.js';
/** An event or payload that does not match its schema; `message` is zod's prettified, key-naming text. */
export class ValidationError extends FeedwrightError {
  override readonly name = 'ValidationError' as const;
  readonly code = 'invalid-payload';
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(message);
  }
}
