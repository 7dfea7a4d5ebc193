/**
 * The one base of every error a user or operator can cause. Adapters (CLI, Lambda handlers) classify
 * by `instanceof FeedwrightError` and read `code` and `exitCode`; they never match class names, which
 * minifiers rename and hand-kept lists forget.
 *
 * Exit codes: 1 = the run did its work but refused part of it (e.g. a guard tripped), 2 = bad usage,
 * config or input location, 3 = storage or state trouble (retryable or needs an operator).
 */
export abstract class FeedwrightError extends Error {
  /** Stable, machine-readable: scripts and log queries rely on it. Never reword a code. */
  abstract readonly code: string;
  /** What the CLI exits with when this error ends a run. */
  readonly exitCode: number = 2;
}

/** True for errors the user or operator can fix from the message alone (no stack trace needed). */
export function isFeedwrightError(error: unknown): error is FeedwrightError {
  return error instanceof FeedwrightError;
}

/** Echoed input in messages and logs is cut, so a 5 MB id cannot become 15 MB of log lines. */
export function truncateForLog(text: string, max = 200): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length} characters)`;
}
