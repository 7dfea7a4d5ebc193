import { errorLocation, FeedwrightError, truncateForLog } from '../errors/index.js';

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

/**
 * The one line a user can act on: what went wrong, and the stable code scripts and log searches use.
 * `command` is undefined when the command line names no command feedwright has.
 */
export function failureLine(command: string | undefined, message: string, code: string): string {
  return `${commandLabel(command)}: ${oneLine(message)} (code: ${code})`;
}

const commandLabel = (command: string | undefined): string => (command === undefined ? 'feedwright' : `feedwright ${command}`);

export interface FailureOutput {
  exitCode: number;
  /** What goes to stderr: one line, plus the stack when debugging. */
  lines: string[];
  /** With `--json`: the failure as one object for stdout, where scripts read the run report. */
  json?: Record<string, unknown>;
}

/**
 * How the CLI reports an error that ended a command. A FeedwrightError is the user's or operator's to
 * fix: one line with its code, its exit code. Anything else is a bug: one line saying so, exit 70, and the
 * stack only with `FEEDWRIGHT_DEBUG=1` (a stack buries the message for users, but is what a bug report
 * needs). With `json`, the same failure is also given as an object (`ok: false`, `code`, the message and
 * the path or field it names), so a script reading stdout never gets nothing.
 */
export function failureOutput(command: string | undefined, error: unknown, debug: boolean, json = false): FailureOutput {
  const stack = debug && error instanceof Error && error.stack ? [error.stack] : [];
  if (error instanceof FeedwrightError) {
    const failure = { exitCode: error.exitCode, lines: [failureLine(command, error.message, error.code), ...stack] };
    if (!json) return failure;
    return { ...failure, json: { ok: false, exitCode: error.exitCode, code: error.code, error: error.name, message: oneLine(error.message), ...errorLocation(error) } };
  }
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const hint = debug ? '' : ' (run again with FEEDWRIGHT_DEBUG=1 for the stack trace)';
  const failure = {
    exitCode: BUG_EXIT_CODE,
    lines: [`${commandLabel(command)}: internal error, this is a bug in feedwright: ${oneLine(what)}${hint}`, ...stack],
  };
  if (!json) return failure;
  return { ...failure, json: { ok: false, exitCode: BUG_EXIT_CODE, code: 'internal-error', bug: true, message: oneLine(what) } };
}

/**
 * Whether the command line asked for a JSON report. Read from the raw arguments, because the failure may
 * be the command line itself; only flags before a `--` count.
 */
export function asksForJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}
