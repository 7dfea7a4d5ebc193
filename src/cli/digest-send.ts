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
import { LeaseHeldError } from '../publish/lease.js';
import type { Flags } from './flags.js';
import { loadMailContext, type MailContext } from './mail-cli-support.js';
import { sendExitCode } from './send-report.js';

/** An issue whose send another run was doing: that run mails it, this one changed nothing of its send. */
export interface LeftToLeaseHolder {
  digestId: string;
  date: string;
  code: LeaseHeldError['code'];
  /** Where the lease lives, e.g. `.feedwright-state/public/mail/daily/2026-11-03.lease.json`. */
  lease: string;
  /** The holder and when its lease expires, when it could be read. */
  holder?: { owner: string; expiresAt: string };
}

export interface DigestSendResult {
  /** One per issue mailed (or planned), oldest first. */
  reports: SendReport[];
  /** Issues not mailed by this run because another send holds their lease (they stay written and queued). */
  leftToLeaseHolder: LeftToLeaseHolder[];
  /** See `sendExitCode`: 3 when a re-run would still send something (a retry, an unfinished send), or a lease was held. */
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
export async function prepareDigestSend(values: Flags, digestId: string, options: { quiet?: boolean } = {}): Promise<DigestSend> {
  // --quiet: a warning is a bare line; the send's own warnings (an address not mailed) are lines of its
  // report, which --quiet prints, so they are not printed twice.
  const warn = (message: string) => console.error(options.quiet ? message : `warning: ${message}`);
  const logger = { info() {}, warn: options.quiet ? () => {} : warn };
  const context = await loadMailContext(values);
  resolveMailSettings(context.config, digestId, context.mail);
  // Made now, so a malformed FEEDWRIGHT_SMTP_URL refuses the run too; it connects on the first message.
  const transport = createMailTransport();
  const dryRun = values['dry-run'] === true;
  return async (made) => {
    try {
      const mailDeps = { ...context, transport, clock: systemClock, log: logger };
      const reports: SendReport[] = [];
      const leftToLeaseHolder: LeftToLeaseHolder[] = [];
      for (const { date, issue, queuedOnly } of await issuesToSend(context, digestId, made, dryRun)) {
        const only = date === undefined ? {} : { date, ...(dryRun && issue ? { issue } : {}) };
        try {
          reports.push(await sendDigestIssue(mailDeps, { digestId, dryRun, ...only }));
        } catch (error) {
          // The issue is written and queued whatever the holder does: thrown on, the report of what this
          // run wrote would be lost for one line claiming nothing was changed.
          if (error instanceof LeaseHeldError && date) {
            const holder = error.holder ? { holder: { owner: error.holder.owner, expiresAt: error.holder.expiresAt } } : {};
            leftToLeaseHolder.push({ digestId, date, code: error.code, lease: error.leasePath, ...holder });
            continue;
          }
          // A mark left for an issue since deleted from the site would fail every later run.
          if (!(queuedOnly && date && error instanceof IssueNotFoundError)) throw error;
          warn(`${error.message}; its unfinished send is dropped`);
          if (!dryRun) await clearSendQueued(context.state, digestId, date);
        }
      }
      return { reports, leftToLeaseHolder, exitCode: leftToLeaseHolder.length > 0 ? 3 : sendExitCode(reports) };
    } finally {
      await transport.close?.();
    }
  };
}
