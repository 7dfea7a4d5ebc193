import type { Clock } from '../clock/clock.js';
import { forEachLimited } from '../publish/sync-objects.js';
import type { Store } from '../storage/store.js';

/**
 * Issues whose send is not finished: marked when a digest run makes them (before any is mailed) and when a
 * send starts, cleared when a send leaves nothing to do. A run killed midway (a catch-up making several
 * issues) leaves its marks, and the next `digest --send` mails every marked issue, not only the newest.
 */
const QUEUE_SEGMENT = 'queue';

function queuePrefix(digestId: string): string {
  return `mail/${digestId}/${QUEUE_SEGMENT}/`;
}

function queueKey(digestId: string, date: string): string {
  return `${queuePrefix(digestId)}${date}.json`;
}

const JSON_META = { contentType: 'application/json; charset=utf-8', cacheControl: 'no-store' };

export async function markSendQueued(state: Store, clock: Clock, digestId: string, dates: readonly string[]): Promise<void> {
  const body = `${JSON.stringify({ version: 1, queuedAt: clock().toISOString() })}\n`;
  await forEachLimited([...dates], 8, (date) => state.write(queueKey(digestId, date), body, JSON_META));
}

/** Dates (`YYYY-MM-DD`) of the digest's issues whose send is not finished, oldest first. */
export async function queuedSendDates(state: Store, digestId: string): Promise<string[]> {
  const prefix = queuePrefix(digestId);
  return (await state.list(prefix))
    .map((key) => /^(\d{4}-\d{2}-\d{2})\.json$/.exec(key.slice(prefix.length))?.[1])
    .filter((date): date is string => date !== undefined)
    .sort();
}

export async function clearSendQueued(state: Store, digestId: string, date: string): Promise<void> {
  await state.delete(queueKey(digestId, date));
}
