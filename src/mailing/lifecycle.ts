import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import { findDigest } from '../digest/index.js';
import type { MailTransport } from '../mail-transport/index.js';
import type { Logger } from '../publish/logger.js';
import { normalizeAddress, type Subscriber, type SubscriberStatus, subscriberId, type SubscriberStore, SUPPRESSED, TokenError, verifyToken } from '../subscribers/index.js';
import { resolveMailSettings } from './mail-settings.js';
import { subscribeReply } from './subscribe-reply.js';

export interface LifecycleDeps {
  config: Config;
  subscribers: SubscriberStore;
  transport: MailTransport;
  clock: Clock;
  log: Logger;
  mail?: { secret?: string; endpointsUrl?: string };
}

/**
 * One mail per address and digest per window, whichever mail it is: a form cannot be used to flood
 * someone's inbox, and a confirmed address is limited exactly like a new one, so the limit tells nothing.
 */
export const CONFIRMATION_INTERVAL_MS = 15 * 60 * 1000;

/**
 * Starts a double opt-in: records the address as pending and mails it a confirmation link. An address
 * already confirmed stays as it is and is mailed a note saying so, with its unsubscribe link: both cases
 * send one mail through the same transport under the same rate limit, so neither the answer, its timing
 * nor a transport failure tells the caller who is subscribed. Bounced and complaining addresses are never
 * mailed.
 */
export async function requestSubscription(deps: LifecycleDeps, args: { digestId: string; address: string; source: string }): Promise<void> {
  findDigest(deps.config, args.digestId);
  const settings = resolveMailSettings(deps.config, args.digestId, deps.mail);
  const address = normalizeAddress(args.address);
  const now = deps.clock();
  const existing = await deps.subscribers.get(args.digestId, address);
  if (existing && SUPPRESSED.has(existing.status)) return;
  const id = subscriberId(address);
  if (existing?.confirmationSentAt && now.getTime() - Date.parse(existing.confirmationSentAt) < CONFIRMATION_INTERVAL_MS) {
    deps.log.info('subscribe mail rate-limited', { digest: args.digestId, subscriber: id });
    return;
  }
  const confirmed = existing?.status === 'confirmed';
  const record: Subscriber =
    existing && confirmed
      ? { ...existing, updatedAt: now.toISOString(), confirmationSentAt: now.toISOString() }
      : {
          version: 1,
          address,
          status: 'pending',
          source: args.source,
          requestedAt: existing?.status === 'pending' ? existing.requestedAt : now.toISOString(),
          updatedAt: now.toISOString(),
          confirmationSentAt: now.toISOString(),
        };
  // Recorded before the mail goes out, so a failing transport cannot be retried into a flood.
  await deps.subscribers.put(args.digestId, record);
  try {
    await deps.transport.send(subscribeReply(settings, { address, id, confirmed }, now));
  } catch (error) {
    // Nothing went out, so the person may try again at once instead of waiting out the rate limit.
    const { confirmationSentAt: _unsent, ...unsent } = record;
    await deps.subscribers.put(args.digestId, unsent);
    throw error;
  }
}

/** What a valid token names, checked against the digests configured now; throws TokenError. */
export function checkToken(deps: LifecycleDeps, token: string, action: 'confirm' | 'unsubscribe') {
  // Any configured digest's settings carry the one secret; the token says which digest it is for.
  const first = deps.config.digests[0];
  if (!first) throw new TokenError('malformed');
  const secret = resolveMailSettings(deps.config, first.id, deps.mail).secret;
  const verified = verifyToken(secret, token, action, deps.clock());
  if (!deps.config.digests.some((d) => d.id === verified.dig)) throw new TokenError('malformed');
  return verified;
}

/**
 * The confirm button: a pending subscriber becomes confirmed, with the time of consent. Other states are
 * left alone (an old link must not undo an unsubscribe or a bounce); the status returned is the one that
 * holds now, so the page can tell the truth.
 */
export async function confirmSubscription(deps: LifecycleDeps, token: string): Promise<{ digestId: string; status: SubscriberStatus }> {
  const { dig, sub } = checkToken(deps, token, 'confirm');
  const record = await deps.subscribers.getById(dig, sub);
  // A token for a record that is gone (removed by the operator) is as good as expired.
  if (!record) throw new TokenError('expired');
  if (record.status === 'pending') {
    const now = deps.clock().toISOString();
    await deps.subscribers.put(dig, { ...record, status: 'confirmed', source: record.source, consentAt: now, updatedAt: now });
    return { digestId: dig, status: 'confirmed' };
  }
  return { digestId: dig, status: record.status };
}

/** One-click unsubscribe: idempotent, and a missing record is success (the goal, no mail, holds). */
export async function unsubscribe(deps: LifecycleDeps, token: string): Promise<{ digestId: string }> {
  const { dig, sub } = checkToken(deps, token, 'unsubscribe');
  const record = await deps.subscribers.getById(dig, sub);
  if (record && (record.status === 'confirmed' || record.status === 'pending')) {
    await deps.subscribers.put(dig, { ...record, status: 'unsubscribed', updatedAt: deps.clock().toISOString() });
  }
  return { digestId: dig };
}

/**
 * A hard bounce or a complaint about an address: it is suppressed in every digest that has it, so no
 * digest ever mails it again and a later subscribe request cannot revive it.
 */
export async function suppressAddress(
  deps: Pick<LifecycleDeps, 'subscribers' | 'clock'>,
  rawAddress: string,
  status: Extract<SubscriberStatus, 'bounced' | 'complained'>,
): Promise<string[]> {
  const address = normalizeAddress(rawAddress);
  const changed: string[] = [];
  for (const digestId of await deps.subscribers.digests()) {
    const record = await deps.subscribers.get(digestId, address);
    if (!record || record.status === status || record.status === 'complained') continue;
    await deps.subscribers.put(digestId, { ...record, status, updatedAt: deps.clock().toISOString() });
    changed.push(digestId);
  }
  return changed;
}
