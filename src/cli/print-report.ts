import type { RunReport } from '../publish/run-report.js';

export type OutputMode = 'text' | 'json' | 'quiet';

export interface ReportContext {
  input: string;
  output: string;
  digestId?: string;
  /** The instant a digest run issued for; named when no issue was due. */
  at?: Date;
}

// `digests/<id>/<YYYY-MM-DD>.json` is the record of one issue: one per issue written.
const ISSUE_RECORD = /^digests\/[^/]+\/(\d{4}-\d{2}-\d{2})\.json$/;

/** The dates of the digest issues a run made (or would make), oldest first. */
export function issuesWritten(report: RunReport): string[] {
  return report.issues ?? report.written.flatMap((key) => ISSUE_RECORD.exec(key)?.[1] ?? []).sort();
}

/** Human summary of a run for the terminal; the Lambda handlers log the same report as JSON. */
export function reportLines(report: RunReport, context: ReportContext): string[] {
  const lines: string[] = [];
  const verb = report.dryRun ? 'would write' : 'wrote';
  if (report.action === 'digest') {
    const issues = issuesWritten(report);
    const name = `digest ${context.digestId ?? ''}`.trimEnd();
    if (issues.length > 0) {
      lines.push(`${name}: ${report.dryRun ? 'would issue' : 'issued'} ${issues.join(', ')} (${report.articles} article(s))`);
    } else {
      const at = context.at ? ` at ${context.at.toISOString()}` : '';
      lines.push(`${name}: no new issue${at}: every window due by then is already issued, or had no new articles (publishEmpty is off)`);
    }
  } else {
    const drafts = report.drafts ? `, ${report.drafts} draft(s) not published` : '';
    const held = report.held?.length ? `, ${report.held.length} held back` : '';
    lines.push(`publish: ${report.articles} article(s) read from ${context.input}, ${report.rejected.length} rejected${drafts}${held}`);
    for (const h of report.held ?? []) lines.push(`  held until ${h.until}: ${h.path}`);
    for (const m of report.moved ?? []) lines.push(`  moved ${m.from} → ${m.to} (id and URL kept)`);
    for (const r of report.rejected) lines.push(`  rejected ${r.path}: ${r.reason}`);
  }
  // A digest's too (a lost digest state rebuilt from its records).
  for (const w of report.warnings ?? []) lines.push(`  warning ${w.path}: ${w.reason}${w.code ? ` (code: ${w.code})` : ''}`);
  if (report.written.length === 0 && report.deleted.length === 0) {
    lines.push(`nothing changed: 0 files written, ${report.unchanged} unchanged in ${context.output}`);
  } else {
    lines.push(`${verb} ${report.written.length} file(s), ${report.unchanged} unchanged, ${report.deleted.length} deleted in ${context.output}`);
  }
  const failed = report.websub?.failed ?? [];
  if (failed.length > 0) {
    const total = failed.length + (report.websub?.notified.length ?? 0);
    lines.push(`  websub: the hub did not accept ${failed.length} of ${total} feed ping(s), kept for the next run that pings (${failed[0]?.reason})`);
  }
  // A dry run promises a list: each object it would write or delete, by key.
  if (report.dryRun) {
    for (const key of report.written) lines.push(`  would write ${key}`);
    for (const key of report.stateWritten) lines.push(`  would write ${key} (in the state)`);
    for (const key of report.deleted) lines.push(`  would delete ${key}`);
  }
  lines.push(`done in ${report.durationMs} ms`);
  return lines;
}

export function printReport(report: RunReport, input: string, output: string, digestId?: string): void {
  console.log(reportLines(report, { input, output, ...(digestId ? { digestId } : {}) }).join('\n'));
}
