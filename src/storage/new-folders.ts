import { lstatSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import path from 'node:path';
import { fsErrorCode } from './fs-error-code.js';
import { parseLocation } from './location.js';

/**
 * The folders a run may create for its local locations (S3 ones have none): each location's folder if it
 * does not exist yet, and the missing folders above it. Noted before a run, so that a run that fails or is
 * refused can take back what it made (a refused first run left the lease's empty state folder behind).
 */
export function foldersNotYetMade(locations: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const location of locations) {
    const parsed = parseLocation(location);
    if (parsed.kind !== 'local') continue;
    for (let dir = path.resolve(parsed.dir); !exists(dir); dir = path.dirname(dir)) missing.add(dir);
  }
  // Deepest first: a folder is empty only once the ones inside it are gone.
  return [...missing].sort((a, b) => b.length - a.length);
}

function exists(dir: string): boolean {
  try {
    lstatSync(dir);
    return true;
  } catch (error) {
    // Only a missing path is one to create; anything else (no permission) is left as it is.
    return fsErrorCode(error) !== 'ENOENT';
  }
}

/**
 * Runs `run`; when it throws, removes each of `folders` that is (still) empty, then rethrows. Only empty
 * folders can go (`rmdir`), so nothing the run or anyone else wrote meanwhile is ever deleted.
 */
export async function removingNewFoldersOnFailure<T>(folders: readonly string[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await removeEmptyFolders(folders);
    throw error;
  }
}

/** Removes each of `folders` (deepest first) that exists and is empty. */
export async function removeEmptyFolders(folders: readonly string[]): Promise<void> {
  for (const dir of folders) {
    try {
      await rmdir(dir);
    } catch {
      // Not empty, already gone, or not ours to remove: the run's own error is what the user must see.
    }
  }
}
