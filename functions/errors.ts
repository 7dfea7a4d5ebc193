/** An event or payload that does not match its schema; `message` is zod's prettified, key-naming text. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError' as const;
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(message);
  }
}
