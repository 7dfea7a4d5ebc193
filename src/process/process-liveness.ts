import { hostname } from 'node:os';

/**
 * Whether a process that named itself by host and pid may still be running. Only a process on this host
 * can be checked (signal 0); anything else may be alive. Used to clear what a killed run left behind
 * (its lease, its temp files) at once instead of after a timeout.
 */
export function processMayBeAlive(host: string, pid: number): boolean {
  if (host !== hostname() || pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
