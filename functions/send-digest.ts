import * as z from 'zod';
import { sendDigestIssue, type SendReport } from '../src/mailing/index.js';
import { coldStartMailDeps, type MailFunctionDeps } from './mail-deps.js';
import { failureFields } from './log.js';

/** A direct request `{ "digest": "daily", "date"?: "2026-11-30" }`, e.g. queued by hand. */
const SendRequestSchema = z.strictObject({ digest: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() });
/** The bucket's notification for a new issue record, `site/digests/<id>/<date>.json`. */
const S3NotificationSchema = z.looseObject({
  Records: z.array(z.looseObject({ s3: z.looseObject({ object: z.looseObject({ key: z.string() }) }) })),
});
const SqsEventSchema = z.looseObject({ Records: z.array(z.looseObject({ messageId: z.string(), body: z.string() })) });

const ISSUE_KEY = /(?:^|\/)digests\/([a-z0-9][a-z0-9-]*)\/(\d{4}-\d{2}-\d{2})\.json$/;

/** The issues a queue message asks for; anything else (S3's test event, a feed.json) asks for none. */
export function issuesIn(body: string): { digest: string; date?: string }[] {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return [];
  }
  const direct = SendRequestSchema.safeParse(raw);
  if (direct.success) return [{ digest: direct.data.digest, ...(direct.data.date ? { date: direct.data.date } : {}) }];
  const s3 = S3NotificationSchema.safeParse(raw);
  if (!s3.success) return [];
  return s3.data.Records.flatMap((r) => {
    const match = ISSUE_KEY.exec(decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')));
    return match?.[1] && match[2] ? [{ digest: match[1], date: match[2] }] : [];
  });
}

// Room left after the deadline for the last send, its records, and the answer to SQS.
const SAFETY_MS = 30_000;
// A new issue is mailed within this long of its scheduled time; an older record (a backfill, a re-render) is not news.
const MAX_AGE_MS = 48 * 3600_000;

interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/**
 * Sends issues queued by the bucket's notifications (or by hand). A send that runs out of time reports the
 * message as failed: SQS redelivers it after the visibility timeout and the next invocation resumes where
 * this one stopped (the per-recipient records make that safe). Repeated failures end in the DLQ.
 */
export function createSendDigestHandler(getDeps: () => MailFunctionDeps) {
  return async (event: unknown, context?: LambdaContext): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
    const parsed = SqsEventSchema.safeParse(event);
    if (!parsed.success) throw new Error(`not an SQS event: ${z.prettifyError(parsed.error)}`);
    const deps = getDeps();
    const failures: { itemIdentifier: string }[] = [];
    for (const record of parsed.data.Records) {
      const now = deps.clock().getTime();
      const deadline = new Date(now + Math.max(0, (context?.getRemainingTimeInMillis() ?? 15 * 60_000) - SAFETY_MS));
      try {
        for (const request of issuesIn(record.body)) {
          const report: SendReport = await sendDigestIssue(deps, {
            digestId: request.digest,
            ...(request.date ? { date: request.date } : {}),
            deadline,
            notBefore: new Date(now - MAX_AGE_MS),
          });
          deps.log.info('digest mailed', {
            digest: report.digestId,
            date: report.date,
            recipients: report.recipients,
            sent: report.sent.length,
            alreadySent: report.alreadySent,
            failed: report.failed.length,
            failedEarlier: report.failedEarlier.length,
            inDoubt: report.inDoubt.length,
            noLongerConfirmed: report.noLongerConfirmed.length,
            remaining: report.remaining,
            skipped: report.skipped,
          });
          if (!report.complete) {
            failures.push({ itemIdentifier: record.messageId });
            break;
          }
        }
      } catch (error) {
        deps.log.error('digest mailing failed', { messageId: record.messageId, error: failureFields(error) });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

export const handler = createSendDigestHandler(coldStartMailDeps);
