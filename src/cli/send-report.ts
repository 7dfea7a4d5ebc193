import type { SendReport } from '../mailing/index.js';

/** The operator's view of a send: counts first, then every address that needs a look. */
export function printSendReport(report: SendReport): void {
  const kb = (report.bytes / 1024).toFixed(1);
  const fit = `${report.layout.full} in full${report.layout.linked > 0 ? `, ${report.layout.linked} as links` : ''}`;
  console.log(`${report.digestId} ${report.date}: "${report.subject}" (${kb} KB; ${fit}) to ${report.recipients} confirmed subscriber(s)`);
  if (report.skipped === 'stale') return void console.log('  not sent: the issue is older than allowed');
  if (report.dryRun) {
    for (const address of report.planned) console.log(`  would send to ${address}`);
    console.log(`  ${report.planned.length} would be sent, ${report.alreadySent} already sent`);
  } else {
    console.log(`  ${report.sent.length} sent, ${report.alreadySent} already sent, ${report.failed.length} failed, ${report.inDoubt.length} in doubt, ${report.remaining} left`);
  }
  for (const f of report.failed) console.log(`  failed${f.permanent ? ' (permanent)' : ''}: ${f.address}: ${f.error}`);
  for (const address of report.noLongerConfirmed) console.log(`  not sent (no longer confirmed when its turn came): ${address}`);
  for (const address of report.inDoubt) console.log(`  in doubt (a crash during its send; not repeated): ${address}`);
}
