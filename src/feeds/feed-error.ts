import { FeedwrightError, truncateForLog } from '../errors/index.js';

/**
 * A feed that would be invalid if written, found by checking the model before rendering: names the feed,
 * the item (its id cut to 200 characters) and the field. Upstream modules make items valid; this is the
 * last guard, so a bug there can never publish a broken feed.
 */
export class FeedRenderError extends FeedwrightError {
  override readonly name = 'FeedRenderError' as const;
  readonly code = 'feed-render';
  override readonly exitCode = 3;
  readonly itemId: string | undefined;
  constructor(
    readonly feed: string,
    readonly field: string,
    readonly problem: string,
    itemId?: string,
    options?: { cause?: unknown },
  ) {
    const item = itemId === undefined ? undefined : truncateForLog(itemId);
    super(`${truncateForLog(feed)}: ${item === undefined ? '' : `item ${JSON.stringify(item)}: `}${field}: ${problem}`, options);
    this.itemId = item;
  }
}
