import type { SourceFile } from '../articles/index.js';
import type { Store } from '../storage/store.js';

// Enough parallel reads to hide S3 latency without opening thousands of sockets or file handles.
const READ_CONCURRENCY = 32;

/**
 * Reads the given article sources, a bounded number at a time (S3 latency). A source that cannot be
 * read (permissions, vanished since the listing) becomes a rejection naming it, never a failed run.
 */
export async function readSources(input: Store, keys: string[]): Promise<{ sources: SourceFile[]; unreadable: { path: string; reason: string }[] }> {
  const sources: (SourceFile | undefined)[] = new Array(keys.length);
  const unreadable: { path: string; reason: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      const key = keys[i] as string;
      try {
        const bytes = await input.read(key);
        if (bytes === null) unreadable.push({ path: key, reason: 'vanished while the run was reading the input' });
        else sources[i] = { path: key, bytes };
      } catch (error) {
        unreadable.push({ path: key, reason: `cannot be read: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, keys.length) }, worker));
  return { sources: sources.filter((s): s is SourceFile => s !== undefined), unreadable };
}
