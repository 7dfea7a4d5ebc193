import { FeedwrightError, fileProblem, truncateForLog } from '../errors/index.js';

/** `mail preview --file` cannot write its .eml; `path` is the file as given. */
export class PreviewFileError extends FeedwrightError {
  override readonly name = 'PreviewFileError' as const;
  readonly code = 'preview-file';
  constructor(
    readonly path: string,
    options: { cause?: unknown } = {},
  ) {
    super(`cannot write ${JSON.stringify(truncateForLog(path))}: ${fileProblem(options.cause)}`, options);
  }
}
