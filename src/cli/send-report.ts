import type { SendReport } from '../mailing/index.js';

/** Stable codes of a failed recipient, for scripts and log searches (an address is never an error's code). */
export const RECIPIENT_REFUSED = 'recipient-refused';
export const SEND_RETRY_PENDING = 'send-retry-pending';
export const SEND_ATTEMPTS_EXHAUSTED = 'send-attempts-exhausted';

type Failure = SendReport['failed'][number];

function failureCode(failure: Failure): string {
  return failure.permanent ? RECIPIENT_REFUSED : failure.retried ? SEND_RETRY_PENDING : SEND_ATTEMPTS_EXHAUSTED;
}

// A temporary failure on the last attempt is never called permanent: the address may well work next time.
const gaveUp = (failure: { attempts: number }) => `temporary; gave up after ${failure.attempts} attempts, not retried`;

/**
 * The exit status of one or more sends. A permanent refusal is recorded and reported but is not the run's
 * failure: re-running cannot change it, and a run that exited 1 for it did so forever after. What a re-run
 * would still do (a temporary failure to retry, a deadline's leftovers) exits 3, "retry"; so does the run
 * that gives up on a temporary failure after the last attempt (3 is also "an operator acts": that mail never
 * went out for a reason that may have passed), once: later runs list it among `failedEarlier`.
 */
export function sendExitCode(reports: readonly SendReport[]): number {
  return reports.some((r) => !r.complete || r.failed.some((f) => !f.permanent)) ? 3 : 0;
}

/** The report as one JSON object for `--json`, with the codes the text lines carry. */
export function sendReportJson(report: SendReport): Record<string, unknown> {
  return { ...report, failed: report.failed.map((f) => ({ ...f, code: failureCode(f) })) };
}

/** The addresses of a send that need a look: failed (now or earlier), skipped, or in doubt after a crash. */
export function sendProblemLines(report: SendReport): string[] {
  return [
    ...report.failed.map((f) => `  failed${f.permanent ? ' (permanent)' : f.retried ? '' : ` (${gaveUp(f)})`}: ${f.address}: ${f.error} (code: ${failureCode(f)})`),
    ...report.failedEarlier.map((f) => `  failed in an earlier run (${f.permanent ? 'permanent, not retried' : gaveUp(f)}): ${f.address}: ${f.error}`),
    ...report.noLongerConfirmed.map((address) => `  not sent (no longer confirmed when its turn came): ${address}`),
    ...report.inDoubt.map((address) => `  in doubt (a crash during its send; not repeated): ${address}`),
  ];
}

/** The operator's view of a send: counts first, then every address that needs a look. */
export function sendReportLines(report: SendReport): string[] {
  const kb = (report.bytes / 1024).toFixed(1);
  const fit = `${report.layout.full} in full${report.layout.linked > 0 ? `, ${report.layout.linked} as links` : ''}`;
  const lines = [`${report.digestId} ${report.date}: "${report.subject}" (${kb} KB; ${fit}) to ${report.recipients} confirmed subscriber(s)`];
  if (report.skipped === 'stale') return [...lines, '  not sent: the issue is older than allowed'];
  if (report.dryRun) {
    for (const address of report.planned) lines.push(`  would send to ${address}`);
    lines.push(`  ${report.planned.length} would be sent, ${report.alreadySent} already sent`);
  } else {
    lines.push(`  ${report.sent.length} sent, ${report.alreadySent} already sent, ${report.failed.length} failed, ${report.inDoubt.length} in doubt, ${report.remaining} left`);
  }
  return [...lines, ...sendProblemLines(report)];
}

export function printSendReport(report: SendReport): void {
  for (const line of sendReportLines(report)) console.log(line);
}
