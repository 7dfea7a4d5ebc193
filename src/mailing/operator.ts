import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import { findDigest } from '../digest/index.js';
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
  invalid: { address: string; reason: string }[];
}

export interface Vouched {
  address: string;
  /** Consent evidence in the operator's words (`signup sheet 2026-10`, a CSV file name…). */
  source: string;
  consentAt?: Date;
}

/** Adds addresses as confirmed subscribers: the operator vouches for their consent, recorded as `source`. */
export async function addSubscribers(deps: OperatorDeps, digestId: string, entries: Vouched[]): Promise<AddResult> {
  findDigest(deps.config, digestId);
  const result: AddResult = { added: [], unchanged: [], suppressed: [], invalid: [] };
  const now = deps.clock().toISOString();
  for (const entry of entries) {
    let address: string;
    try {
      address = normalizeAddress(entry.address);
    } catch (error) {
      if (!(error instanceof InvalidAddressError)) throw error;
      result.invalid.push({ address: entry.address, reason: error.reason });
      continue;
    }
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

/** Forgets addresses entirely. Bounced and complained ones are kept, or a re-import would mail them again. */
export async function removeSubscribers(deps: OperatorDeps, digestId: string, addresses: string[]): Promise<{ removed: string[]; kept: string[] }> {
  findDigest(deps.config, digestId);
  const removed: string[] = [];
  const kept: string[] = [];
  for (const raw of addresses) {
    const address = normalizeAddress(raw);
    const existing = await deps.subscribers.get(digestId, address);
    if (existing && SUPPRESSED.has(existing.status)) {
      kept.push(address);
      continue;
    }
    if (existing) {
      await deps.subscribers.delete(digestId, address);
      removed.push(address);
    }
  }
  return { removed, kept };
}
