import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import { findDigest } from '../digest/index.js';
import { FeedwrightError, truncateForLog } from '../errors/index.js';
import { InvalidAddressError, normalizeAddress, type SubscriberStore, SUPPRESSED } from '../subscribers/index.js';

export interface OperatorDeps {
  config: Config;
  subscribers: SubscriberStore;
  clock: Clock;
}

export interface AddResult {
  added: string[];
  /** Already confirmed: left as they were (their consent record is older and stays). */
  unchanged: string[];
  /** Bounced or complained: never re-added by hand, a provider told us not to mail them. */
  suppressed: string[];
}

export interface InvalidEntry {
  address: string;
  reason: string;
  /** Where the entry came from (a CSV file's `path:line`), when it came from a file. */
  at?: string;
}

/** Some of the addresses given are not addresses: none of them was added or removed. */
export class InvalidAddressesError extends FeedwrightError {
  override readonly name = 'InvalidAddressesError' as const;
  readonly code = 'invalid-address';
  constructor(readonly invalid: InvalidEntry[]) {
    const each = invalid.map((bad) => `${bad.at ? `${bad.at}: ` : ''}${JSON.stringify(truncateForLog(bad.address, 80))}: ${bad.reason}`);
    super(`${invalid.length} invalid address(es), nothing changed\n${each.join('\n')}`);
  }
}

/** Some of the addresses to remove are not on the digest's list (a typo, or removed before): none was removed. */
export class NotSubscribedError extends FeedwrightError {
  override readonly name = 'NotSubscribedError' as const;
  readonly code = 'not-subscribed';
  constructor(
    readonly digestId: string,
    readonly addresses: string[],
  ) {
    super(`${digestId}: ${addresses.length} address(es) not subscribed, nothing removed\n${addresses.map((a) => JSON.stringify(truncateForLog(a, 80))).join('\n')}`);
  }
}

export interface Vouched {
  address: string;
  /** Consent evidence in the operator's words (`signup sheet 2026-10`, a CSV file name…). */
  source: string;
  consentAt?: Date;
  /** Where the entry came from (a CSV file's `path:line`), named if it is refused. */
  at?: string;
}

/**
 * Every address normalized, or none: a list with one bad address changes nothing, so the operator fixes it
 * and runs the same command again instead of working out which half was saved.
 */
function normalizeAll<T extends { address: string; at?: string | undefined }>(entries: readonly T[]): (T & { normalized: string })[] {
  const invalid: InvalidEntry[] = [];
  const valid: (T & { normalized: string })[] = [];
  for (const entry of entries) {
    try {
      valid.push({ ...entry, normalized: normalizeAddress(entry.address) });
    } catch (error) {
      if (!(error instanceof InvalidAddressError)) throw error;
      invalid.push({ address: entry.address, reason: error.reason, ...(entry.at ? { at: entry.at } : {}) });
    }
  }
  if (invalid.length > 0) throw new InvalidAddressesError(invalid);
  return valid;
}

/**
 * Adds addresses as confirmed subscribers: the operator vouches for their consent, recorded as `source`.
 * Refuses the whole list, adding nothing, when any address is invalid ({@link InvalidAddressesError}).
 */
export async function addSubscribers(deps: OperatorDeps, digestId: string, entries: Vouched[]): Promise<AddResult> {
  findDigest(deps.config, digestId);
  const checked = normalizeAll(entries);
  const result: AddResult = { added: [], unchanged: [], suppressed: [] };
  const now = deps.clock().toISOString();
  for (const { normalized: address, ...entry } of checked) {
    const existing = await deps.subscribers.get(digestId, address);
    if (existing && SUPPRESSED.has(existing.status)) {
      result.suppressed.push(address);
      continue;
    }
    if (existing?.status === 'confirmed') {
      result.unchanged.push(address);
      continue;
    }
    const consentAt = entry.consentAt?.toISOString() ?? now;
    await deps.subscribers.put(digestId, { version: 1, address, status: 'confirmed', source: entry.source, requestedAt: consentAt, consentAt, updatedAt: now });
    result.added.push(address);
  }
  return result;
}

/**
 * Forgets addresses entirely. Bounced and complained ones are kept, or a re-import would mail them again.
 * Like adding, all or nothing: one invalid address, or one not on the list ({@link NotSubscribedError}: a
 * typo would otherwise pass as done while the person it meant stays subscribed), removes none.
 */
export async function removeSubscribers(deps: OperatorDeps, digestId: string, addresses: string[]): Promise<{ removed: string[]; kept: string[] }> {
  findDigest(deps.config, digestId);
  const checked = normalizeAll(addresses.map((address) => ({ address })));
  const found = await Promise.all(checked.map(async ({ normalized: address }) => ({ address, existing: await deps.subscribers.get(digestId, address) })));
  const missing = found.filter((f) => f.existing === null).map((f) => f.address);
  if (missing.length > 0) throw new NotSubscribedError(digestId, missing);
  const removed: string[] = [];
  const kept: string[] = [];
  for (const { address, existing } of found) {
    if (existing && SUPPRESSED.has(existing.status)) {
      kept.push(address);
      continue;
    }
    await deps.subscribers.delete(digestId, address);
    removed.push(address);
  }
  return { removed, kept };
}
