import * as z from 'zod';
import { type DigestIssue, DigestIdSchema, issueDigest } from '../digest/index.js';
import type { RunReport } from '../publish/run-report.js';
import { removingNewFoldersOnFailure } from '../storage/index.js';
import { flagValue, parseFlags } from './flags.js';
import { commandHelp } from './help.js';
import { issuesWritten, reportLines } from './print-report.js';
import { startProgress } from './progress.js';
import { sendProblemLines, sendReportJson, sendReportLines } from './send-report.js';
import { locationFlags, outputFlags, outputMode, siteDeps } from './site-options.js';
import { UsageError } from './usage-error.js';
import type { LeftToLeaseHolder } from './digest-send.js';
import { truncateForLog } from '../errors/index.js';

const IsoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
// Same floor as the digest windows; checked here so the flag is named in the message.
const SinceTime = IsoTime.refine((d) => d.getTime() >= 0, 'must not be before 1970-01-01');

/**
 * `feedwright digest <id> [--send]`: issue the digest into the site, then with `--send` mail what it made.
 * Every flag, and with `--send` the mail settings, is checked before the first write: a refusal after the
 * issue was written would leave that issue unmailed for good.
 */
export async function runDigest(args: string[]): Promise<number> {
  const { values, positionals, help } = parseFlags('digest', args, {
    ...locationFlags,
    ...outputFlags,
    at: { type: 'string' },
    since: { type: 'string' },
    send: { type: 'boolean' },
  }, 1);
  if (help) return (console.log(commandHelp('digest')), 0);
  const mode = outputMode(values);
  if (positionals[0] === undefined) throw new UsageError('which digest? e.g. `feedwright digest daily`');
  const digestId = flagValue(DigestIdSchema, positionals[0], 'digest id');
  const at = values.at === undefined ? undefined : flagValue(IsoTime, values.at, '--at');
  const since = values.since === undefined ? undefined : flagValue(SinceTime, values.since, '--since');
  if (at && since && since.getTime() >= at.getTime()) throw new UsageError('--since must be before --at');
  // Imported only for --send: a plain digest run does not load the mail side.
  const send = values.send === true ? await (await import('./digest-send.js')).prepareDigestSend(values, digestId, { quiet: mode === 'quiet' }) : undefined;
  const { deps, newFolders } = await siteDeps(values);
  const made: DigestIssue[] = [];
  const when = at ?? deps.clock();
  // Without --at the run ends now: a --since still ahead (a typo, 2062 for 2026) is as wrong as one after --at.
  if (!at && since && since.getTime() >= when.getTime()) throw new UsageError(`--since must be before --at (now, ${when.toISOString()})`);
  const progress = startProgress(`digest ${digestId}`, mode === 'text');
  let report: RunReport;
  try {
    report = await removingNewFoldersOnFailure(newFolders, () =>
      issueDigest(deps, {
        digestId,
        at: when,
        ...(since ? { since } : {}),
        dryRun: values['dry-run'] === true,
        force: values.force === true,
        onIssue: (issue) => made.push(issue),
      }),
    );
  } finally {
    progress.stop();
  }
  if (mode === 'text') console.log(reportLines(report, { input: deps.input.description, output: deps.output.description, digestId, at: when }).join('\n'));
  const mailed = send ? await send(made) : undefined;
  const exitCode = mailed?.exitCode ?? 0;
  if (mode === 'json') {
    // One object for the whole run: the digest report, and with --send one send report per issue mailed.
    const sends = mailed ? { send: mailed.reports.map(sendReportJson), sendLeftToLeaseHolder: mailed.leftToLeaseHolder } : {};
    console.log(JSON.stringify({ ok: exitCode === 0, exitCode, digest: digestId, at: when.toISOString(), issues: issuesWritten(report), ...report, ...sends }));
  } else if (mode === 'text') {
    for (const r of mailed?.reports ?? []) console.log(sendReportLines(r).join('\n'));
    for (const left of mailed?.leftToLeaseHolder ?? []) console.log(leaseHeldLine(left));
  } else {
    // --quiet prints only errors and warnings, each a bare line: the addresses that failed or are in doubt.
    for (const r of mailed?.reports ?? []) for (const line of sendProblemLines(r)) console.error(line.trimStart());
    for (const left of mailed?.leftToLeaseHolder ?? []) console.error(leaseHeldLine(left));
  }
  return exitCode;
}

function leaseHeldLine(left: LeftToLeaseHolder): string {
  const holder = left.holder ? ` (${JSON.stringify(truncateForLog(left.holder.owner, 120))}, expiring ${left.holder.expiresAt})` : '';
  return `${left.digestId} ${left.date}: not sent by this run: another run holds its send lease ${left.lease}${holder}; that run sends it (code: ${left.code})`;
}
