import { systemClock } from '../clock/clock.js';
import type { DigestIssue } from '../digest/index.js';
import { createMailTransport } from '../mail-transport/index.js';
import {
  clearSendQueued,
  IssueNotFoundError,
  latestIssueDate,
  markSendQueued,
  queuedSendDates,
  resolveMailSettings,
  sendDigestIssue,
  type SendReport,
} from '../mailing/index.js';
import type { Flags } from './flags.js';
import { loadMailContext, type MailContext } from './mail-cli-support.js';
import { sendExitCode } from './send-report.js';

const logger = { info() {}, warn: (message: string) => console.error(`warning: ${message}`) };

export interface DigestSendResult {
  /** One per issue mailed (or planned), oldest first. */
  reports: SendReport[];
  /** See `sendExitCode`: 3 when a re-run would still send something (a retry, an unfinished send). */
  exitCode: number;
}

/** Mails the issues a digest run made, and those left unfinished; see {@link prepareDigestSend}. */
export type DigestSend = (made: readonly DigestIssue[]) => Promise<DigestSendResult>;

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
async function issuesToSend(context: MailContext, digestId: string, made: readonly DigestIssue[], dryRun: boolean): Promise<IssueToSend[]> {
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
 * The `--send` half of `feedwright digest <id> --send`, checked before the digest run writes anything: the
 * config's `email` block, the token key and the endpoints URL are resolved here, so a run that could not mail
 * refuses before it issues (an issue written but never mailed would be lost for e-mail). The returned
 * function mails each issue the run made and each whose send was left unfinished, oldest first (a catch-up
 * run makes several), and the newest published one when it made none (a re-run resumes an interrupted
 * send); with --dry-run it lists who would get what, also for issues the run would make.
 */
export async function prepareDigestSend(values: Flags, digestId: string): Promise<DigestSend> {
  const context = await loadMailContext(values);
  resolveMailSettings(context.config, digestId, context.mail);
  // Made now, so a malformed FEEDWRIGHT_SMTP_URL refuses the run too; it connects on the first message.
  const transport = createMailTransport();
  const dryRun = values['dry-run'] === true;
  return async (made) => {
    try {
      const mailDeps = { ...context, transport, clock: systemClock, log: logger };
      const reports: SendReport[] = [];
      for (const { date, issue, queuedOnly } of await issuesToSend(context, digestId, made, dryRun)) {
        const only = date === undefined ? {} : { date, ...(dryRun && issue ? { issue } : {}) };
        try {
          reports.push(await sendDigestIssue(mailDeps, { digestId, dryRun, ...only }));
        } catch (error) {
          // A mark left for an issue since deleted from the site would fail every later run.
          if (!(queuedOnly && date && error instanceof IssueNotFoundError)) throw error;
          console.error(`warning: ${error.message}; its unfinished send is dropped`);
          if (!dryRun) await clearSendQueued(context.state, digestId, date);
        }
      }
      return { reports, exitCode: sendExitCode(reports) };
    } finally {
      await transport.close?.();
    }
  };
}
