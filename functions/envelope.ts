import * as z from 'zod';
import { truncateForLog } from '../src/errors/index.js';
import type { RunReport } from '../src/publish/run-report.js';
import type { FunctionDeps } from './deps.js';
import { ValidationError } from './errors.js';
import { createJsonLogger, failureFields, type JsonLogger, logReport } from './log.js';

/**
 * A refused event as the caller sees it: answered by a manual handler (`run`), and printed by
 * `feedwright invoke` for every handler, so a bad payload reads the same whichever function got it.
 */
export interface InvalidAnswer {
  ok: false;
  error: 'ValidationError';
  code: string;
  message: string;
}

export function invalidAnswer(error: ValidationError): InvalidAnswer {
  return { ok: false, error: 'ValidationError', code: error.code, message: error.message };
}

/** What every handler's deps carry: the JSON logger the envelope logs through. */
export interface LoggingDeps {
  log: JsonLogger;
}

export interface HandlerSpec<Event, Result, Deps extends LoggingDeps = FunctionDeps> {
  /** Names the log lines (`<name> started`, `<name> failed`) and the error source. */
  name: string;
  schema: z.ZodType<Event>;
  /** Fields of the start line (the logger cuts long strings). */
  describe(event: Event): Record<string, unknown>;
  run(deps: Deps, event: Event): Promise<Result>;
  /** The report inside a result, for the summary line (none for an answered refusal). */
  reportOf(result: Result): RunReport | undefined;
  /**
   * Manual runs answer a ValidationError (from the schema or thrown by `run`) so the caller sees what to
   * fix; scheduled handlers leave this out, so a bad event fails the invocation where alarms see it
   * (a schedule that sends a wrong event must not look like a successful run).
   */
  answerInvalid?(answer: InvalidAnswer): Result;
}

// zod's text names keys; keys are caller input too, so the text is cut like any echoed input.
const MAX_MESSAGE = 2000;

function validate<Event, Deps extends LoggingDeps>(spec: HandlerSpec<Event, unknown, Deps>, event: unknown): Event | ValidationError {
  const source = `${spec.name} event`;
  try {
    const parsed = spec.schema.safeParse(event);
    if (parsed.success) return parsed.data;
    return new ValidationError(truncateForLog(z.prettifyError(parsed.error), MAX_MESSAGE), source);
  } catch (cause) {
    // A hostile object (a throwing getter, a revoked proxy) is still just a bad event.
    return new ValidationError('unreadable event', source, { cause });
  }
}

/**
 * The one shape of every handler: validate the event (zod) → build deps → log start → run → log summary.
 * A failure is logged once, at `error`, with its `code` (FeedwrightError) or as a bug, and rethrown so
 * the invocation fails; a ValidationError is answered instead when the spec says so.
 */
export function createHandler<Event, Result, Deps extends LoggingDeps = FunctionDeps>(
  spec: HandlerSpec<Event, Result, Deps>,
  getDeps: () => Deps,
  // Logs what happens before deps exist (a bad event, a bad environment).
  fallbackLog: JsonLogger = createJsonLogger(),
): (event: unknown) => Promise<Result> {
  const refuse = (log: JsonLogger, error: ValidationError): Result => {
    if (!spec.answerInvalid) {
      log.error(`${spec.name} failed`, failureFields(error));
      throw error;
    }
    log.warn(`${spec.name} refused`, failureFields(error));
    return spec.answerInvalid(invalidAnswer(error));
  };

  return async (raw) => {
    const event = validate(spec, raw);
    if (event instanceof ValidationError) return refuse(fallbackLog, event);
    let log = fallbackLog;
    try {
      const deps = getDeps();
      log = deps.log;
      log.info(`${spec.name} started`, spec.describe(event));
      const result = await spec.run(deps, event);
      const report = spec.reportOf(result);
      if (report) logReport(log, report);
      return result;
    } catch (error) {
      if (error instanceof ValidationError) return refuse(log, error);
      log.error(`${spec.name} failed`, failureFields(error));
      throw error;
    }
  };
}
