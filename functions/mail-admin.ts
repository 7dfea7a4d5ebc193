import * as z from 'zod';
import { isFeedwrightError } from '../src/errors/index.js';
import { addSubscribers, removeSubscribers, sendDigestIssue } from '../src/mailing/index.js';
import { coldStartMailDeps, type MailFunctionDeps } from './mail-deps.js';
import { createJsonLogger, failureFields } from './log.js';

const digest = z.string().min(1);
const addresses = z.array(z.string().min(1)).min(1).max(1000);

/** The operator's manual payloads, strict like `run`'s: a typo is an error, never a different action. */
export const MailAdminPayloadSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('send'), digest, date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), dryRun: z.boolean().optional() }),
  z.strictObject({ action: z.literal('subscribers.add'), digest, addresses, source: z.string().min(1).max(200) }),
  z.strictObject({ action: z.literal('subscribers.remove'), digest, addresses }),
  z.strictObject({ action: z.literal('subscribers.list'), digest }),
]);
export type MailAdminPayload = z.infer<typeof MailAdminPayloadSchema>;

export type MailAdminResult = { ok: true; result: unknown } | { ok: false; error: string; message: string };

async function execute(deps: MailFunctionDeps, payload: MailAdminPayload): Promise<unknown> {
  switch (payload.action) {
    case 'send':
      return sendDigestIssue(deps, { digestId: payload.digest, ...(payload.date ? { date: payload.date } : {}), dryRun: payload.dryRun === true });
    case 'subscribers.add':
      return addSubscribers(deps, payload.digest, payload.addresses.map((address) => ({ address, source: `operator: ${payload.source}` })));
    case 'subscribers.remove':
      return removeSubscribers(deps, payload.digest, payload.addresses);
    case 'subscribers.list':
      return (await deps.subscribers.list(payload.digest)).map((s) => ({ address: s.address, status: s.status, source: s.source, consentAt: s.consentAt }));
  }
}

/** Manual invocations (console, `osls invoke -f mailAdmin`): user errors are answered, not thrown. */
export function createMailAdminHandler(getDeps: () => MailFunctionDeps): (event: unknown) => Promise<MailAdminResult> {
  return async (event) => {
    const parsed = MailAdminPayloadSchema.safeParse(event);
    if (!parsed.success) {
      const message = z.prettifyError(parsed.error);
      createJsonLogger().warn('invalid mail payload', { error: 'ValidationError', message });
      return { ok: false, error: 'ValidationError', message };
    }
    const deps = getDeps();
    deps.log.info('mail admin', { action: parsed.data.action, digest: parsed.data.digest });
    try {
      return { ok: true, result: await execute(deps, parsed.data) };
    } catch (error) {
      deps.log.error('mail admin failed', { action: parsed.data.action, error: failureFields(error) });
      if (isFeedwrightError(error)) return { ok: false, error: error.code, message: error.message };
      throw error;
    }
  };
}

export const handler = createMailAdminHandler(coldStartMailDeps);
