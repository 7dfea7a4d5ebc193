import { FeedwrightError, truncateForLog } from '../errors/index.js';

/** Exit status for an error that is not a FeedwrightError: a bug (EX_SOFTWARE in sysexits.h). */
export const BUG_EXIT_CODE = 70;

// A safety net for messages built from many parts (a config with dozens of bad keys).
const MAX_LINE = 2000;

/** Multi-line messages (zod's, one issue per line) become one line: scripts and CI logs read one line per error. */
export function oneLine(message: string): string {
  const parts = message
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return truncateForLog(parts.join('; '), MAX_LINE);
}

export interface FailureOutput {
  exitCode: number;
  /** What goes to stderr: one line, plus the stack when debugging. */
  lines: string[];
}

/**
 * How the CLI reports an error that ended a command. A FeedwrightError is the user's or operator's to
 * fix: one line, its exit code. Anything else is a bug: one line saying so, exit 70, and the stack only
 * with `FEEDWRIGHT_DEBUG=1` (a stack buries the message for users, but is what a bug report needs).
 */
export function failureOutput(command: string, error: unknown, debug: boolean): FailureOutput {
  const prefix = `feedwright ${command}:`;
  const stack = debug && error instanceof Error && error.stack ? [error.stack] : [];
  if (error instanceof FeedwrightError) {
    return { exitCode: error.exitCode, lines: [`${prefix} ${oneLine(error.message)}`, ...stack] };
  }
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const hint = debug ? '' : ' (run again with FEEDWRIGHT_DEBUG=1 for the stack trace)';
  return {
    exitCode: BUG_EXIT_CODE,
    lines: [`${prefix} internal error, this is a bug in feedwright: ${oneLine(what)}${hint}`, ...stack],
  };
}
