import * as z from 'zod';
import { type DigestIssue, DigestIdSchema, issueDigest } from '../digest/index.js';
import type { RunReport } from '../publish/run-report.js';
import { removingNewFoldersOnFailure } from '../storage/index.js';
import { flagValue, parseFlags } from './flags.js';
import { commandHelp } from './help.js';
import { issuesWritten, reportLines } from './print-report.js';
import { startProgress } from './progress.js';
import { locationFlags, outputFlags, outputMode, siteDeps } from './site-options.js';
import { UsageError } from './usage-error.js';

const IsoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
// Same floor as the digest windows; checked here so the flag is named in the message.
const SinceTime = IsoTime.refine((d) => d.getTime() >= 0, 'must not be before 1970-01-01');

/** `feedwright digest <id>`: issue the digest into the site; `onIssue` gets each issue made (see `--send`). */
export async function runDigest(args: string[], onIssue?: (issue: DigestIssue) => void): Promise<number> {
  const { values, positionals, help } = parseFlags('digest', args, { ...locationFlags, ...outputFlags, at: { type: 'string' }, since: { type: 'string' } }, 1);
  if (help) return (console.log(commandHelp('digest')), 0);
  const mode = outputMode(values);
  if (positionals[0] === undefined) throw new UsageError('which digest? e.g. `feedwright digest daily`');
  const digestId = flagValue(DigestIdSchema, positionals[0], 'digest id');
  const at = values.at === undefined ? undefined : flagValue(IsoTime, values.at, '--at');
  const since = values.since === undefined ? undefined : flagValue(SinceTime, values.since, '--since');
  if (at && since && since.getTime() >= at.getTime()) throw new UsageError('--since must be before --at');
  const { deps, newFolders } = await siteDeps(values);
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
        ...(onIssue ? { onIssue } : {}),
      }),
    );
  } finally {
    progress.stop();
  }
  if (mode === 'json') console.log(JSON.stringify({ ok: true, exitCode: 0, digest: digestId, at: when.toISOString(), issues: issuesWritten(report), ...report }));
  else if (mode === 'text') console.log(reportLines(report, { input: deps.input.description, output: deps.output.description, digestId, at: when }).join('\n'));
  return 0;
}
