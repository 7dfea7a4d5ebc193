import type { Config } from '../config/config.js';
import { digestChannelTitle, findDigest } from '../digest/index.js';
import { FeedwrightError } from '../errors/index.js';

export class MailNotConfiguredError extends FeedwrightError {
  override readonly name = 'MailNotConfiguredError' as const;
  readonly code = 'email-not-configured';
  constructor(readonly missing: string) {
    super(`e-mail is not configured: ${missing}`);
  }
}

/** Everything needed to mail one digest, with per-digest overrides applied and defaults filled in. */
export interface MailSettings {
  digestId: string;
  digestTitle: string;
  from: string;
  replyTo?: string;
  listId: string;
  subjectPrefix: string;
  /** Public base of the subscribe/confirm/unsubscribe endpoints, ending in `/`. */
  endpointsUrl: string;
  unsubscribeMailto?: string;
  secret: string;
  ratePerSecond: number;
  maxBytes: number;
}

/**
 * Resolves `email` + `digests[].email` for one digest. `overrides` come from the caller (the env or SSM in
 * adapters) and win over the config file, so a deployed secret never has to sit in the config, and the
 * endpoints' URL, known only after deployment, need not either.
 */
export function resolveMailSettings(config: Config, digestId: string, overrides: { secret?: string; endpointsUrl?: string } = {}): MailSettings {
  const digest = findDigest(config, digestId);
  const email = config.email;
  if (!email) throw new MailNotConfiguredError('add an `email: { from: ... }` block to the config');
  const key = overrides.secret ?? email.secret;
  if (!key || key.length < 32) throw new MailNotConfiguredError('set FEEDWRIGHT_EMAIL_SECRET (at least 32 characters) or email.secret');
  const endpoints = overrides.endpointsUrl ?? email.baseUrl;
  if (!endpoints) throw new MailNotConfiguredError('set email.baseUrl (or FEEDWRIGHT_EMAIL_BASE_URL) to the public URL of the subscribe/unsubscribe endpoints');
  const override = digest.email ?? {};
  const replyTo = override.replyTo ?? email.replyTo;
  const mailto = email.unsubscribeMailto;
  return {
    digestId,
    digestTitle: digestChannelTitle(config, digest),
    from: override.from ?? email.from,
    ...(replyTo ? { replyTo } : {}),
    listId: override.listId ?? email.listId ?? `${digestId}.${new URL(config.site.baseUrl).hostname}`,
    subjectPrefix: override.subjectPrefix ?? email.subjectPrefix ?? '',
    endpointsUrl: endpoints.endsWith('/') ? endpoints : `${endpoints}/`,
    ...(mailto ? { unsubscribeMailto: mailto } : {}),
    secret: key,
    ratePerSecond: email.ratePerSecond,
    maxBytes: email.maxBytes,
  };
}
