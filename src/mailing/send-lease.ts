import type { Clock } from '../clock/clock.js';
import { acquireLease, type Lease } from '../publish/lease.js';
import { leaseOwner, ownerMayBeAlive } from '../publish/lease-owner.js';
import type { Store } from '../storage/store.js';

// Short, and renewed while the send goes on: a send of a long list outlives any fixed TTL, and a send killed
// on another host (a Lambda at its timeout) should block the next one only briefly.
const SEND_LEASE_TTL_MS = 5 * 60_000;
const RENEW_AFTER_MS = 60_000;

/** Beside the issue's send records, not among them: the records' listing is the truth of who was handled. */
export function sendLeaseKey(digestId: string, date: string): string {
  return `mail/${digestId}/${date}.lease.json`;
}

export interface SendLease {
  /** Renews the lease when it is due; throws LeaseLostError when another run took it over. Call before each send. */
  keep(): Promise<void>;
  release(): Promise<void>;
}

/**
 * One sender per issue: the records are read once at the start, so two runs sending the same issue at once
 * would each mail everyone. A per-issue lease (not the site's `lease.json`) so a long send never blocks a
 * publish, and two different issues may be mailed at once. Throws LeaseHeldError when another send holds it.
 */
export async function acquireSendLease(state: Store, clock: Clock, digestId: string, date: string): Promise<SendLease> {
  const lease: Lease = await acquireLease(state, {
    owner: leaseOwner(`mail-${digestId}-${date}`),
    now: clock,
    ttlMs: SEND_LEASE_TTL_MS,
    key: sendLeaseKey(digestId, date),
    ownerMayBeAlive,
  });
  let renewedAt = clock().getTime();
  return {
    async keep() {
      if (clock().getTime() - renewedAt < RENEW_AFTER_MS) return;
      await lease.renew();
      renewedAt = clock().getTime();
    },
    release: () => lease.release(),
  };
}
