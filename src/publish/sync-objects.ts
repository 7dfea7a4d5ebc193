import { createHash } from 'node:crypto';
import type { Store } from '../storage/store.js';
import { objectMetaFor } from '../storage/content-type.js';
import type { Logger } from './logger.js';

export interface OutputObject {
  key: string;
  body: string;
}

export interface SyncResult {
  written: string[];
  unchanged: number;
  /** key → sha256 of every object in `objects` (the new hash map to persist). */
  hashes: Record<string, string>;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Writes, in the given order, only the objects whose bytes differ from what the previous run wrote.
 * `present` (keys that exist in the store now) lets a deleted or never-finished object be rewritten
 * even when the recorded hash matches, so a crashed run converges on the next one.
 */
export async function syncObjects(args: {
  store: Store;
  objects: OutputObject[];
  previousHashes: Record<string, string>;
  present?: Set<string>;
  dryRun?: boolean;
  force?: boolean;
  log: Logger;
  feedMaxAgeSeconds?: number;
}): Promise<SyncResult> {
  const written: string[] = [];
  const hashes: Record<string, string> = {};
  let unchanged = 0;
  for (const object of args.objects) {
    const hash = sha256(object.body);
    hashes[object.key] = hash;
    const same = args.previousHashes[object.key] === hash && (args.present?.has(object.key) ?? true);
    if (same && !args.force) {
      unchanged++;
      continue;
    }
    if (!args.dryRun) {
      await args.store.write(object.key, object.body, objectMetaFor(object.key, { feedMaxAgeSeconds: args.feedMaxAgeSeconds }));
    }
    written.push(object.key);
  }
  return { written, unchanged, hashes };
}
