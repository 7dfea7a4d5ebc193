import type { Logger } from '../src/publish/logger.js';
import type { RunReport } from '../src/publish/run-report.js';

export type LogSink = (line: string) => void;

export interface JsonLogger extends Logger {
  error(message: string, data?: Record<string, unknown>): void;
}

/** One JSON object per line, so CloudWatch Logs Insights can filter on `level`, `msg` and any field. */
export function createJsonLogger(sink: LogSink = (line) => console.log(line), base: Record<string, unknown> = {}): JsonLogger {
  const emit = (level: string, msg: string, data?: Record<string, unknown>) =>
    sink(JSON.stringify({ level, msg, ...base, ...data }));
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
    unchanged: report.unchanged,
    deleted: report.deleted.length,
    durationMs: report.durationMs,
    dryRun: report.dryRun,
  };
}

/** Logs each rejected article (they are data, not noise) and then the summary line. */
export function logReport(log: Logger, report: RunReport): void {
  for (const rejected of report.rejected) log.warn('article rejected', { path: rejected.path, reason: rejected.reason });
  log.info('run summary', runSummary(report));
}

/** What is safe and useful to log about a failure: name, message, and the location errors carry. */
export function describeFailure(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const details: Record<string, unknown> = { name: error.name, message: error.message };
  for (const field of ['location', 'path', 'source', 'digestId'] as const) {
    if (field in error) details[field] = (error as Error & Record<typeof field, unknown>)[field];
  }
  if (error.cause instanceof Error) details.cause = { name: error.cause.name, message: error.cause.message };
  return details;
}
