import { systemClock } from '../clock/clock.js';
import { createMailTransport } from '../mail-transport/index.js';
import type { DigestIssue } from '../digest/index.js';
import { clearSendQueued, IssueNotFoundError, latestIssueDate, markSendQueued, queuedSendDates, sendDigestIssue, type SendReport } from '../mailing/index.js';
import { loadMailContext, type MailContext, reportErrors } from './mail-cli-support.js';
import { parseFlags } from './flags.js';
import { printSendReport, sendExitCode } from './send-report.js';

type Command = (args: string[]) => Promise<number>;
type DigestCommand = (args: string[], onIssue: (issue: DigestIssue) => void) => Promise<number>;

const logger = { info() {}, warn: (message: string) => console.error(`warning: ${message}`) };

interface IssueToSend {
  /** Undefined: the newest published issue (there is none, so the send says so). */
  date: string | undefined;
  /** Made by this run: for a dry run, planned without being published. */
  issue?: DigestIssue;
  /** Only here because an earlier send of it did not finish. */
  queuedOnly: boolean;
}

/**
 * Each issue this run made, and each whose send an earlier run left unfinished (a catch-up killed midway
 * leaves several), oldest first; when the run made none, also the newest published one. The issues made
 * are marked as queued before any is mailed, so a kill during the first send does not lose the others.
 */
async function issuesToSend(context: MailContext, digestId: string, made: DigestIssue[], dryRun: boolean): Promise<IssueToSend[]> {
  if (!dryRun && made.length > 0) await markSendQueued(context.state, systemClock, digestId, made.map((issue) => issue.date));
  const byDate = new Map(made.map((issue) => [issue.date, issue]));
  const queued = new Set(await queuedSendDates(context.state, digestId));
  const dates = new Set([...queued, ...byDate.keys()]);
  const newest = made.length === 0 ? await latestIssueDate(context.output, digestId) : undefined;
  if (newest !== undefined) dates.add(newest);
  if (dates.size === 0) return [{ date: undefined, queuedOnly: false }];
  return [...dates].sort().map((date) => {
    const issue = byDate.get(date);
    return { date, ...(issue ? { issue } : {}), queuedOnly: !issue && date !== newest };
  });
}

/**
 * `feedwright digest <id> --send [--dry-run]`: issues the digest as `digest` does, then mails each issue
 * that run made and each whose send was left unfinished, oldest first (a catch-up run makes several), and
 * the newest published one when it made none (a re-run resumes an interrupted send); with --dry-run,
 * lists who would get what, also for issues the run would make. Without --send the digest command runs untouched.
 */
export function withSend(runDigest: DigestCommand): Command {
  return async (args) => {
    const made: DigestIssue[] = [];
    if (!args.includes('--send')) return runDigest(args, () => undefined);
    const rest = args.filter((a) => a !== '--send');
    const issued = await runDigest(rest, (issue) => made.push(issue));
    if (issued !== 0) return issued;
    return reportErrors('digest --send', async () => {
      const { values, positionals } = parseFlags('digest', rest, {
        input: { type: 'string' },
        out: { type: 'string' },
        state: { type: 'string' },
        config: { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        at: { type: 'string' },
        since: { type: 'string' },
      }, Number.POSITIVE_INFINITY);
      const digestId = positionals[0] ?? '';
      const context = await loadMailContext(values);
      const transport = createMailTransport();
      const dryRun = values['dry-run'] === true;
      try {
        const mailDeps = { ...context, transport, clock: systemClock, log: logger };
        const reports: SendReport[] = [];
        for (const { date, issue, queuedOnly } of await issuesToSend(context, digestId, made, dryRun)) {
          const only = date === undefined ? {} : { date, ...(dryRun && issue ? { issue } : {}) };
          let report;
          try {
            report = await sendDigestIssue(mailDeps, { digestId, dryRun, ...only });
          } catch (error) {
            // A mark left for an issue since deleted from the site would fail every later run.
            if (!(queuedOnly && date && error instanceof IssueNotFoundError)) throw error;
            console.error(`warning: ${error.message}; its unfinished send is dropped`);
            if (!dryRun) await clearSendQueued(context.state, digestId, date);
            continue;
          }
          printSendReport(report);
          reports.push(report);
        }
        return sendExitCode(reports);
      } finally {
        await transport.close?.();
      }
    });
  };
}
