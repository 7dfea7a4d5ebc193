import { FeedwrightError } from '../errors/index.js';
/** A feed that would be invalid if written: names the feed and the rule it breaks. */
export class FeedRenderError extends FeedwrightError {
  override readonly name = 'FeedRenderError' as const;
  readonly code = 'feed-render';
  override readonly exitCode = 3;
  constructor(
    readonly feed: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${feed}: ${problem}`, options);
  }
}
