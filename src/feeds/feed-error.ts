/** A feed that would be invalid if written: names the feed and the rule it breaks. */
export class FeedRenderError extends Error {
  override readonly name = 'FeedRenderError' as const;
  constructor(
    readonly feed: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${feed}: ${problem}`, options);
  }
}
