import { rm } from 'node:fs/promises';

/*
 * Work folders of the benches are removed only after every timed run. On this machine's ext4 a file created
 * within a few minutes of a large delete is slow: the inode allocator checks each free inode for a recent
 * deletion (`recently_deleted` under `ext4_create` took ~10% of a cold 10,000 build's samples in `perf`, and
 * the build's system time went from ~2.4 s to 4.4–7.3 s). Deleting the previous output (14,000 files)
 * right before a timed cold build charged that to Feedwright alone, since Hugo's feeds are 49 files; a user's
 * first build does not follow such a delete. So each timed run writes into folders of its own, and nothing
 * is deleted until the bench is done.
 */
const pending: string[] = [];

/** Removes `path` (recursively) when {@link removeAll} runs at the end of the bench. */
export function removeAtEnd(path: string): void {
  pending.push(path);
}

/** Removes every folder handed to {@link removeAtEnd}; the bench calls it last, whatever happened before. */
export async function removeAll(): Promise<void> {
  for (const path of pending.splice(0)) await rm(path, { recursive: true, force: true });
}
