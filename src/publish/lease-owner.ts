import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

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
  if (!match || match[1] !== hostname()) return true;
  const pid = Number(match[2]);
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
