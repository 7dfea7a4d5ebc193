import type { RunReport } from '../publish/run-report.js';

/** Human summary of a run for the terminal; the Lambda handlers log the same report as JSON. */
export function printReport(report: RunReport, input: string, output: string, digestId?: string): void {
  const lines: string[] = [];
  const verb = report.dryRun ? 'would write' : 'wrote';
  if (report.action === 'digest') {
    lines.push(`digest ${digestId ?? ''}: ${report.articles} article(s) in new issues`.replace('  ', ' '));
  } else {
    lines.push(`publish: ${report.articles} article(s) read from ${input}, ${report.rejected.length} rejected`);
    for (const r of report.rejected) lines.push(`  rejected ${r.path}: ${r.reason}`);
    for (const w of report.warnings ?? []) lines.push(`  warning ${w.path}: ${w.reason}`);
  }
  if (report.written.length === 0 && report.deleted.length === 0) {
    lines.push(`nothing changed: 0 files written, ${report.unchanged} unchanged in ${output}`);
  } else {
    lines.push(`${verb} ${report.written.length} file(s), ${report.unchanged} unchanged, ${report.deleted.length} deleted in ${output}`);
  }
  lines.push(`done in ${report.durationMs} ms`);
  console.log(lines.join('\n'));
}
