import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import { type DigestIssue, findDigest, issueKey, parseIssueJson } from '../digest/index.js';
import { composeMime, fitIssueEmail, type IssueEmailLayout } from '../email/index.js';
import { FeedwrightError } from '../errors/index.js';
import type { MailTransport } from '../mail-transport/index.js';
import type { Logger } from '../publish/logger.js';
import type { Store } from '../storage/store.js';
import { type Subscriber, subscriberId, type SubscriberStore } from '../subscribers/index.js';
import { issueMessage } from './issue-message.js';
import { type MailSettings, resolveMailSettings } from './mail-settings.js';
import { clearSendQueued, markSendQueued } from './send-queue.js';
import { acquireSendLease, type SendLease } from './send-lease.js';
import { readSendRecord, sendRecordKey, sendRecordPrefix, writeSendRecord } from './send-record.js';

export interface MailDeps {
  config: Config;
  /** Where issues are published (`digests/<id>/<date>.json` is read from here). */
  output: Store;
  /** Private state: send records live under `mail/`. */
  state: Store;
  subscribers: SubscriberStore;
  transport: MailTransport;
  clock: Clock;
  log: Logger;
  /** Overrides of config `email` from the environment (secret, endpoints URL). */
  mail?: { secret?: string; endpointsUrl?: string };
  /** Injected so tests pace without waiting; defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
}

export interface SendOptions {
  digestId: string;
  /** `YYYY-MM-DD` of the issue; default the newest published one. */
  date?: string;
  /** The issue itself, for a dry run planning one its digest run would make (not published, so not read). */
  issue?: DigestIssue;
  dryRun?: boolean;
  /** Stop before starting a send at or after this instant; the report says how many are left. */
  deadline?: Date;
  /** Refuse to mail an issue scheduled before this (a backfilled or re-rendered old issue is not news). */
  notBefore?: Date;
}

export interface SendReport {
  digestId: string;
  date: string;
  subject: string;
  /** Encoded size of the first recipient's message (all differ only by their token). */
  bytes: number;
  layout: IssueEmailLayout;
  /** Confirmed subscribers at the time of the run. */
  recipients: number;
  sent: string[];
  alreadySent: number;
  /**
   * Failures of this run. `retried`: a later run tries again (a temporary failure before the last of
   * {@link MAX_SEND_ATTEMPTS}); false for a permanent one and for a temporary one on the last attempt.
   */
  failed: { address: string; error: string; permanent: boolean; attempts: number; retried: boolean }[];
  /** Final failures recorded by earlier runs (permanent, or out of attempts): reported, not retried, and not this run's failure. */
  failedEarlier: { address: string; error: string; permanent: boolean; attempts: number }[];
  /** A send started by an earlier run that never recorded its outcome: not retried, so never mailed twice. */
  inDoubt: string[];
  /** Confirmed when the run started, but not when their turn came (unsubscribed, removed, bounced meanwhile): not mailed. */
  noLongerConfirmed: string[];
  /** Left for the next run because the deadline came. */
  remaining: number;
  complete: boolean;
  dryRun: boolean;
  /** Dry run: who would get the issue. */
  planned: string[];
  skipped?: 'stale';
}

export class IssueNotFoundError extends FeedwrightError {
  override readonly name = 'IssueNotFoundError' as const;
  readonly code = 'issue-not-found';
  constructor(
    readonly digestId: string,
    readonly date: string | undefined,
  ) {
    super(date ? `digest ${digestId}: no issue published for ${date}` : `digest ${digestId}: no issue published yet`);
  }
}

/** A transient failure (throttling, a connection reset) is retried by later runs up to this many attempts. */
export const MAX_SEND_ATTEMPTS = 3;
// Room kept below the budget for what differs per recipient and what relays add (Received:, DKIM-Signature:).
const BUDGET_MARGIN = 2048;
const SAMPLE_ID = '0'.repeat(32);

/** The date of the newest published issue of the digest, if any. */
export async function latestIssueDate(output: Store, digestId: string): Promise<string | undefined> {
  const prefix = `digests/${digestId}/`;
  const dates = (await output.list(prefix))
    .map((key) => /^(\d{4}-\d{2}-\d{2})\.json$/.exec(key.slice(prefix.length))?.[1])
    .filter((d): d is string => d !== undefined)
    .sort();
  return dates.at(-1);
}

/** Reads a published issue record: the newest one, or the one of `date`. */
export async function readPublishedIssue(output: Store, digestId: string, date?: string): Promise<DigestIssue> {
  const day = date ?? (await latestIssueDate(output, digestId));
  if (!day) throw new IssueNotFoundError(digestId, undefined);
  const key = issueKey(digestId, day, 'json');
  const bytes = await output.read(key);
  if (bytes === null) throw new IssueNotFoundError(digestId, day);
  return parseIssueJson(new TextDecoder().decode(bytes), key);
}

/** The layout that keeps this issue within the budget; measured on a real encoded message. */
export async function planIssueLayout(settings: MailSettings, issue: DigestIssue): Promise<{ layout: IssueEmailLayout; bytes: number }> {
  const sample = { address: 'someone@example.org', id: SAMPLE_ID };
  return fitIssueEmail(issue, settings.maxBytes - BUDGET_MARGIN, async (layout) => (await composeMime(issueMessage(settings, issue, layout, sample))).length);
}

const timerSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Mails one published issue to the digest's confirmed subscribers, one message each. Idempotent: a record
 * per recipient is written before and after each send, so a re-run skips whoever was handled and a crash
 * resumes after the last recorded send (the one send in flight at the crash is reported as in doubt, not
 * repeated). A failure for one address is recorded and the run goes on. Sends are paced under
 * `email.ratePerSecond`, and the run stops cleanly at `deadline`, leaving the rest to the next invocation.
 * Each address is checked again just before its send, so one unsubscribed during the run gets nothing.
 */
export async function sendDigestIssue(deps: MailDeps, options: SendOptions): Promise<SendReport> {
  const { state, log, clock } = deps;
  findDigest(deps.config, options.digestId);
  const settings = resolveMailSettings(deps.config, options.digestId, deps.mail);
  const issue = options.issue ?? (await readPublishedIssue(deps.output, options.digestId, options.date));
  const dryRun = options.dryRun === true;
  const { layout, bytes } = await planIssueLayout(settings, issue);
  const confirmed = (await deps.subscribers.list(options.digestId)).filter((s) => s.status === 'confirmed');
  const report: SendReport = {
    digestId: issue.digestId,
    date: issue.date,
    subject: issueMessage(settings, issue, layout, { address: 'someone@example.org', id: SAMPLE_ID }).subject,
    bytes,
    layout,
    recipients: confirmed.length,
    sent: [],
    alreadySent: 0,
    failed: [],
    failedEarlier: [],
    inDoubt: [],
    noLongerConfirmed: [],
    remaining: 0,
    complete: false,
    dryRun,
    planned: [],
  };
  if (options.notBefore && Date.parse(issue.scheduled) < options.notBefore.getTime()) {
    log.warn('issue too old to mail', { digest: issue.digestId, date: issue.date, scheduled: issue.scheduled });
    return { ...report, skipped: 'stale', complete: true };
  }
  // A dry run writes nothing, so it needs no lease; a real send reads the records only once it holds it.
  const lease = dryRun ? undefined : await acquireSendLease(state, clock, issue.digestId, issue.date);
  try {
    if (lease) await markSendQueued(state, clock, issue.digestId, [issue.date]);
    await sendToEach(deps, { issue, settings, layout, confirmed, report, lease, ...(options.deadline ? { deadline: options.deadline } : {}) });
    // Kept while anything is left that a re-run would do: the deadline came, or a failure will be retried.
    if (lease && report.remaining === 0 && report.failed.every((f) => !f.retried)) await clearSendQueued(state, issue.digestId, issue.date);
  } finally {
    await lease?.release();
  }
  report.complete = report.remaining === 0;
  return report;
}

interface SendPlan {
  issue: DigestIssue;
  settings: MailSettings;
  layout: IssueEmailLayout;
  confirmed: Subscriber[];
  report: SendReport;
  /** Absent for a dry run. */
  lease: SendLease | undefined;
  deadline?: Date;
}

/** The per-recipient loop of `sendDigestIssue`: fills `plan.report`. */
async function sendToEach(deps: MailDeps, plan: SendPlan): Promise<void> {
  const { state, log, clock } = deps;
  const { issue, settings, layout, confirmed, report, lease } = plan;
  const handled = new Set(await state.list(sendRecordPrefix(issue.digestId, issue.date)));
  const sleep = deps.sleep ?? timerSleep;
  const interval = 1000 / settings.ratePerSecond;
  let lastStart: number | undefined;
  for (const [index, subscriber] of confirmed.entries()) {
    const id = subscriberId(subscriber.address);
    const key = sendRecordKey(issue.digestId, issue.date, id);
    const previous = handled.has(key) ? await readSendRecord(state, key) : null;
    if (previous?.status === 'sent') {
      report.alreadySent++;
      continue;
    }
    if (previous?.status === 'sending') {
      report.inDoubt.push(subscriber.address);
      continue;
    }
    if (previous?.status === 'failed' && (previous.permanent === true || previous.attempts >= MAX_SEND_ATTEMPTS)) {
      report.failedEarlier.push({ address: subscriber.address, error: previous.error ?? 'failed', permanent: previous.permanent === true, attempts: previous.attempts });
      continue;
    }
    if (report.dryRun) {
      report.planned.push(subscriber.address);
      continue;
    }
    if (lastStart !== undefined) {
      const wait = lastStart + interval - clock().getTime();
      if (wait > 0) await sleep(wait);
    }
    if (plan.deadline && clock().getTime() >= plan.deadline.getTime()) {
      report.remaining = confirmed.slice(index).filter((s) => !handled.has(sendRecordKey(issue.digestId, issue.date, subscriberId(s.address)))).length;
      break;
    }
    await lease?.keep();
    // The list was read at the start, minutes ago on a long one: an address unsubscribed since (one click
    // promises "at once") must not get this issue. One read per message, next to the records written.
    if ((await deps.subscribers.get(issue.digestId, subscriber.address))?.status !== 'confirmed') {
      report.noLongerConfirmed.push(subscriber.address);
      continue;
    }
    lastStart = clock().getTime();
    const attempts = (previous?.attempts ?? 0) + 1;
    await writeSendRecord(state, key, { version: 1, status: 'sending', at: clock().toISOString(), attempts });
    let messageId: string;
    try {
      ({ messageId } = await deps.transport.send(issueMessage(settings, issue, layout, { address: subscriber.address, id })));
    } catch (error) {
      const permanent = (error as { permanent?: unknown }).permanent === true;
      const message = error instanceof Error ? error.message : String(error);
      await writeSendRecord(state, key, { version: 1, status: 'failed', at: clock().toISOString(), attempts, error: message, permanent });
      const retried = !permanent && attempts < MAX_SEND_ATTEMPTS;
      report.failed.push({ address: subscriber.address, error: message, permanent, attempts, retried });
      log.warn('mail not sent', { digest: issue.digestId, date: issue.date, subscriber: id, error: message, permanent, retried });
      continue;
    }
    // Outside the try: a mail that went out must never be recorded as failed (and so retried) because
    // the record could not be written; the `sending` record then makes it "in doubt" instead.
    await writeSendRecord(state, key, { version: 1, status: 'sent', at: clock().toISOString(), attempts, messageId });
    report.sent.push(subscriber.address);
  }
}
