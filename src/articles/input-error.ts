import { FeedwrightError } from '../errors/index.js';
/** A source file that cannot become an article. Carries the path so the run report can name it. */
export class InputError extends FeedwrightError {
  override readonly name = 'InputError' as const;
  readonly code = 'invalid-article';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${reason}`, options);
  }
}
