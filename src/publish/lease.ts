import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { FeedwrightError, truncateForLog } from '../errors/index.js';
import { keyLocation, type ObjectMeta, type Store } from '../storage/store.js';

/**
 * Longer than the Lambda timeout (600 s), so a live run's lease never expires under it; a run killed by
 * the timeout (or by anything else) blocks the next runs for at most this long.
 */
const DEFAULT_TTL_MS = 15 * 60_000;
const DEFAULT_KEY = 'lease.json';
const LEASE_META: ObjectMeta = { contentType: 'application/json; charset=utf-8', cacheControl: 'no-store' };
// Rounds of "create failed, read, take over failed": each failed round means another run changed the lease
// in between, so a few rounds settle any race; past that something keeps rewriting it.
const MAX_ROUNDS = 5;

const LeaseRecordSchema = z.object({
  owner: z.string(),
  /** Unique per acquisition: two runs given the same owner name never release each other's lease. */
  token: z.string(),
  acquiredAt: z.string(),
  expiresAt: z.string(),
});
export type LeaseRecord = z.infer<typeof LeaseRecordSchema>;

export interface Lease {
  readonly owner: string;
  /**
   * Deletes the lease if it is still ours. Never rejects: a lease that cannot be deleted (store down)
   * expires by itself, and a caller releasing in `finally` must not have its own error replaced.
   */
  release(): Promise<void>;
  /**
   * Moves the expiry one TTL past now, for a run that may outlive the TTL (a long mail send). Throws
   * LeaseLostError when the lease is no longer ours: it expired and another run took it over, so this run
   * must stop writing.
   */
  renew(): Promise<void>;
}

/** Another run holds the lease (or keeps changing it): this run must change nothing. */
export class LeaseHeldError extends FeedwrightError {
  override readonly name = 'LeaseHeldError' as const;
  readonly code = 'lease-held';
  override readonly exitCode = 3;
  constructor(
    /** Where the lease lives, e.g. `s3://bucket/state/lease.json` or `.feedwright-state/public/lease.json`. */
    readonly leasePath: string,
    /** The lease found, or undefined when other runs kept changing it. */
    readonly holder: LeaseRecord | undefined,
  ) {
    super(
      holder
        ? `another run holds the lease ${leasePath}: ${JSON.stringify(truncateForLog(holder.owner))} since ${holder.acquiredAt}, ` +
            `expiring ${holder.expiresAt}; nothing was changed. Run again once it has finished; if it died, ` +
            `the lease expires by itself at ${holder.expiresAt}, or delete ${leasePath} once you are sure no run is active.`
        : `could not take the lease ${leasePath}: other runs kept changing it; nothing was changed. Run again later.`,
    );
  }
}

/** Our lease expired under a run that was still working and another run took it: this run stops. */
export class LeaseLostError extends FeedwrightError {
  override readonly name = 'LeaseLostError' as const;
  readonly code = 'lease-lost';
  override readonly exitCode = 3;
  constructor(readonly leasePath: string) {
    super(`the lease ${leasePath} expired while this run was working and another run took it over; this run stopped. Run again once that run has finished.`);
  }
}

/**
 * Takes the single-writer lease, or throws LeaseHeldError. Uses only the Store port:
 * create with `ifNoneMatch: '*'`; if a lease exists and has expired (or is unreadable garbage), take it
 * over with `ifMatch` on the version just read, so of several runs taking over the same lease exactly one
 * wins. Only as safe as the store's `writeIf`: S3 and the local store enforce it; s3rver does not.
 */
export async function acquireLease(
  store: Store,
  options: {
    owner: string;
    now: () => Date;
    ttlMs?: number;
    key?: string;
    /**
     * False when the holder is known to be dead (a process on this host that no longer exists): its lease
     * is taken over at once instead of blocking runs until it expires. Default: every holder may be alive.
     */
    ownerMayBeAlive?: (owner: string) => boolean;
  },
): Promise<Lease> {
  const { owner, now } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const key = options.key ?? DEFAULT_KEY;
  const location = keyLocation(store, key);
  const newRecord = (): LeaseRecord => {
    const at = now();
    return { owner, token: randomUUID(), acquiredAt: at.toISOString(), expiresAt: new Date(at.getTime() + ttlMs).toISOString() };
  };
  const heldBy = (record: LeaseRecord): Lease => ({
    owner,
    release: () => releaseIfOurs(store, key, record.token),
    renew: async () => {
      const current = await store.readVersioned(key);
      const ours = current !== null && parseLease(current.bytes)?.token === record.token;
      const renewed = { ...record, expiresAt: new Date(now().getTime() + ttlMs).toISOString() };
      if (!ours || !(await store.writeIf(key, JSON.stringify(renewed), LEASE_META, { ifMatch: current.version }))) throw new LeaseLostError(location);
    },
  });

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const created = newRecord();
    if (await store.writeIf(key, JSON.stringify(created), LEASE_META, { ifNoneMatch: '*' })) return heldBy(created);
    const current = await store.readVersioned(key);
    // Released between our create and our read: try to create again.
    if (current === null) continue;
    const holder = parseLease(current.bytes);
    const alive = holder !== undefined && (options.ownerMayBeAlive?.(holder.owner) ?? true);
    if (holder && alive && Date.parse(holder.expiresAt) > now().getTime()) throw new LeaseHeldError(location, holder);
    const taken = newRecord();
    if (await store.writeIf(key, JSON.stringify(taken), LEASE_META, { ifMatch: current.version })) return heldBy(taken);
  }
  throw new LeaseHeldError(location, undefined);
}

/**
 * Read, then delete if the token is ours. Not atomic (the store has no conditional delete), but another
 * run can only have replaced our lease after it expired, i.e. after our run outlived the TTL.
 */
async function releaseIfOurs(store: Store, key: string, token: string): Promise<void> {
  try {
    const current = await store.readVersioned(key);
    if (current === null || parseLease(current.bytes)?.token !== token) return;
    await store.delete(key);
  } catch {
    // Best effort by contract (see Lease.release): the lease expires by itself.
  }
}

/** The lease record, or undefined for garbage (a hand edit, a foreign file), which counts as expired. */
function parseLease(bytes: Uint8Array): LeaseRecord | undefined {
  try {
    const parsed = LeaseRecordSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    if (!parsed.success || Number.isNaN(Date.parse(parsed.data.expiresAt))) return undefined;
    return parsed.data;
  } catch {
    return undefined;
  }
}
