import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { processMayBeAlive } from '../process/process-liveness.js';

/**
 * Lease owners name their host and process, so a run killed on this machine (SIGKILL, power loss of a
 * laptop run) does not lock the site until the lease expires: its lease is stale as soon as its process
 * is gone. Owners on other hosts (other Lambda sandboxes) can only be judged by the expiry time.
 */
export function leaseOwner(role: string): string {
  return `${role}@${hostname()}#${process.pid}#${randomUUID()}`;
}

/** False only when the owner ran on this host and its process no longer exists. */
export function ownerMayBeAlive(owner: string): boolean {
  const match = /@(.+)#(\d+)#[^#]+$/.exec(owner);
  return !match?.[1] || processMayBeAlive(match[1], Number(match[2]));
}
