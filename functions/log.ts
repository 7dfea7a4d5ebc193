import { errorLocation, FeedwrightError, truncateForLog } from '../src/errors/index.js';
import type { Logger } from '../src/publish/logger.js';
import type { RunReport } from '../src/publish/run-report.js';

export type LogSink = (line: string) => void;

export interface JsonLogger extends Logger {
  error(message: string, data?: Record<string, unknown>): void;
}

/** Longest string value in a log line: events echo caller input, and a 5 MB id must not become 15 MB of logs. */
export const MAX_LOG_STRING = 1000;

function boundedStrings(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? truncateForLog(value, MAX_LOG_STRING) : value;
}

/** One JSON object per line, so CloudWatch Logs Insights can filter on `level`, `msg` and any field. */
export function createJsonLogger(sink: LogSink = (line) => console.log(line), base: Record<string, unknown> = {}): JsonLogger {
  const emit = (level: string, msg: string, data?: Record<string, unknown>) =>
    sink(JSON.stringify({ level, msg, ...base, ...data }, boundedStrings));
  return {
    info: (msg, data) => emit('info', msg, data),
    warn: (msg, data) => emit('warn', msg, data),
    error: (msg, data) => emit('error', msg, data),
  };
}

/** The counts an operator looks at after a run; the full key lists stay in the returned report. */
export function runSummary(report: RunReport): Record<string, unknown> {
  return {
    action: report.action,
    articles: report.articles,
    rejected: report.rejected.length,
    written: report.written.length,
    stateWritten: report.stateWritten.length,
    unchanged: report.unchanged,
    deleted: report.deleted.length,
    durationMs: report.durationMs,
    dryRun: report.dryRun,
  };
}

/**
 * Logs each rejected article and each warning (they are data, not noise) and then the summary line: the
 * only place a handler's run logs them, so each appears once per run.
 */
export function logReport(log: Logger, report: RunReport): void {
  for (const rejected of report.rejected) log.warn('article rejected', { path: rejected.path, reason: rejected.reason });
  for (const warning of report.warnings ?? []) log.warn('published with a warning', { path: warning.path, reason: warning.reason });
  log.info('run summary', runSummary(report));
}

/**
 * What is logged about a failure. A FeedwrightError is something an operator can fix from its `code` and
 * message; anything else is a bug (`code: 'internal-error'`), logged with its stack.
 */
export function failureFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { code: 'internal-error', bug: true, error: 'non-Error thrown', message: String(error) };
  const known = error instanceof FeedwrightError;
  const fields: Record<string, unknown> = {
    code: known ? error.code : 'internal-error',
    bug: !known,
    error: error.name,
    message: error.message,
    ...errorLocation(error),
  };
  if (error.cause instanceof Error) fields.cause = { error: error.cause.name, message: error.cause.message };
  if (!known && error.stack) fields.stack = error.stack;
  return fields;
}
