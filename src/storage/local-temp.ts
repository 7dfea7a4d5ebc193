import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { processMayBeAlive } from '../process/process-liveness.js';

/**
 * Temp and lock files of the local store: hidden (leading dot) so a web server serving the folder with
 * default settings does not list them, in the target's own folder (same file system, so rename is atomic),
 * and never returned by a listing.
 */
export const TEMP_PREFIX = '.feedwright-tmp-';

/**
 * A temp file older than this was left by a killed writer. Long enough that a concurrent writer's temp
 * file (written and renamed within milliseconds) is never mistaken for litter.
 */
export const STALE_TEMP_MS = 60_000;

export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

// Temp names carry their writer's host and process id, so the next run removes a killed writer's temp
// file at once (its process is gone) instead of leaving it next to the site for STALE_TEMP_MS.
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const OWNED_TEMP = new RegExp(`^${TEMP_PREFIX.replaceAll('.', '\\.')}([0-9a-f]{8})-(\\d+)-`);

/** Unique per process (host, pid, random) and per call (counter): concurrent runs never share a temp file. */
export function createTempNamer(): (dir: string) => string {
  const tag = `${HOST_TAG}-${process.pid}-${randomBytes(4).toString('hex')}`;
  let counter = 0;
  return (dir) => path.join(dir, `${TEMP_PREFIX}${tag}-${counter++}`);
}

/** True when the temp file's writer ran on this host and its process no longer exists. */
function writerIsGone(file: string): boolean {
  const match = OWNED_TEMP.exec(path.basename(file));
  return match !== null && match[1] === HOST_TAG && !processMayBeAlive(hostname(), Number(match[2]));
}

/**
 * The lock guarding conditional replacement of `file`. Named after a hash of the file name, not the name
 * itself, so a 255-byte file name still gives a valid lock name.
 */
export function lockPathFor(file: string): string {
  const digest = createHash('sha256').update(path.basename(file)).digest('hex').slice(0, 16);
  return path.join(path.dirname(file), `${TEMP_PREFIX}lock-${digest}`);
}

/** True when `file` was last modified more than STALE_TEMP_MS before `nowMs`. */
export function isStale(file: string, nowMs: number): boolean {
  try {
    return lstatSync(file).mtimeMs < nowMs - STALE_TEMP_MS;
  } catch {
    return false;
  }
}

/** Best effort: litter that cannot be removed now is removed by a later listing. */
export function removeIfStale(file: string, nowMs: number): void {
  if (!writerIsGone(file) && !isStale(file, nowMs)) return;
  try {
    unlinkSync(file);
  } catch {
    // Gone already (another run cleaned it) or not ours to remove: either way nothing to do.
  }
}
