import { createHash } from 'node:crypto';
import { type BigIntStats, closeSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fsErrorCode } from './fs-error-code.js';
import { createTempNamer, isStale, lockPathFor } from './local-temp.js';
import { StorageError } from './store.js';

/**
 * A file's version token in listings, from one stat: every write renames a new inode into place, so it
 * changes unless a reused inode number meets the same size and the same mtime tick.
 */
export function statVersion(file: string): string {
  return versionOf(statSync(file, { bigint: true }));
}

export function versionOf(stats: BigIntStats): string {
  // Joined, not a template: V8 keeps a template's result as a tree of its parts (~150 bytes here against
  // ~65 flat), and a run holds one token per input and output file (240,000 at 100,000 articles).
  return [stats.size, stats.mtimeNs, stats.ino].join(':');
}

/**
 * The version token for `writeIf({ ifMatch })`: a digest of the bytes, as S3's ETag is. Not the stat token:
 * mtime ticks only every few milliseconds and a freed inode number is soon reused, so two quick writes of
 * the same size could share a stat token, and a stale reader's conditional write would then succeed.
 */
export function contentVersion(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Bytes and content version, or null when absent. */
export function readWithVersion(file: string): { bytes: Uint8Array; version: string } | null {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (cause) {
    if (fsErrorCode(cause) === 'ENOENT') return null;
    throw cause;
  }
  return { bytes, version: contentVersion(bytes) };
}

/**
 * The write side of the local store. Every write, the first included, goes to a hidden temp file in the
 * target's folder and is renamed (or hard-linked) into place, so no reader ever sees a partial file, and a
 * writer killed half-way leaves only a temp file that the next listing of that folder removes.
 * No fsync: this protects against a killed process or a full disk, not against power loss.
 */
export function createLocalWriter(root: string) {
  const tempPath = createTempNamer();
  // Folders checked (or made) by this store: one lstat per folder per run, not one per file. A folder
  // swapped for a link during a run would not be noticed; the check is against mistakes, not an attacker.
  const safeFolders = new Set<string>();
  let rootExists = false;

  /**
   * Makes sure every folder from the root (exclusive: the root may itself be a link, e.g. to /srv/www) to
   * `file` is a real folder, creating missing ones; false when one is missing and `create` is off.
   * A folder that is a symbolic link is refused: the output never follows a link out of itself.
   */
  const ensureFolders = (key: string, file: string, create: boolean): boolean => {
    const dir = path.dirname(file);
    if (safeFolders.has(dir)) return true;
    if (!rootExists) {
      // The root (output or state folder) appears with the first write, parents included.
      if (create) mkdirSync(root, { recursive: true });
      else if (!existsSync(root)) return false;
      rootExists = true;
      safeFolders.add(root);
      if (dir === root) return true;
    }
    const segments = path.relative(root, dir).split(path.sep).filter(Boolean);
    let current = root;
    for (const segment of segments) {
      current = path.join(current, segment);
      if (safeFolders.has(current)) continue;
      let stats;
      try {
        stats = lstatSync(current);
      } catch (cause) {
        if (fsErrorCode(cause) !== 'ENOENT') throw cause;
        if (!create) return false;
        try {
          mkdirSync(current);
        } catch (mkdirCause) {
          if (fsErrorCode(mkdirCause) !== 'EEXIST') throw mkdirCause;
        }
        stats = lstatSync(current);
      }
      if (stats.isSymbolicLink()) {
        throw new StorageError(
          `${current}: is a symbolic link inside the output folder; refusing to write or delete through it (replace it with a real folder)`,
          { key, path: current },
        );
      }
      // Not a folder: left to the write itself, which fails with ENOTDIR naming the file.
      if (!stats.isDirectory()) return true;
      safeFolders.add(current);
    }
    return true;
  };

  /**
   * Writes `body` to a new temp file next to `file` and runs `place(temp)`; the temp file is removed unless
   * `place` says it consumed it (renamed it into place), so a plain write costs no extra system call.
   */
  const viaTemp = <T>(file: string, body: Uint8Array | string, place: (temp: string) => { result: T; consumed: boolean }): T => {
    const temp = tempPath(path.dirname(file));
    let consumed = false;
    try {
      writeFileSync(temp, body, { flag: 'wx' });
      const placed = place(temp);
      consumed = placed.consumed;
      return placed.result;
    } finally {
      if (!consumed) {
        try {
          unlinkSync(temp);
        } catch {
          // Never created (the write failed first): nothing to remove.
        }
      }
    }
  };

  /** `dir`, then each parent up to the root (exclusive). */
  function* foldersBelowRoot(dir: string): Generator<string> {
    for (let current = dir; current !== root && current.startsWith(root + path.sep); current = path.dirname(current)) yield current;
  }

  /** Drops `dir` and its parents below the root from the cache: one of them may have been removed since. */
  const forgetFolders = (dir: string): void => {
    for (const folder of foldersBelowRoot(dir)) safeFolders.delete(folder);
  };

  /**
   * Ensures `file`'s folders and runs `place`; retried when a folder vanished in between (ENOENT): a
   * concurrent writer of the same folder (a mail endpoint beside a run, in the state folder) may have
   * removed it as empty after its last file was deleted, while this writer still had it cached.
   * Three tries: each needs another writer to empty and remove the folder within microseconds.
   */
  const inFolder = <T>(key: string, file: string, place: () => T): T => {
    for (let attempt = 1; ; attempt++) {
      try {
        ensureFolders(key, file, true);
        return place();
      } catch (cause) {
        if (fsErrorCode(cause) !== 'ENOENT' || attempt === 3) throw cause;
        forgetFolders(path.dirname(file));
      }
    }
  };

  return {
    ensureFolders,
    inFolder,

    /**
     * After a delete: removes `file`'s folder and then each parent that the removal left empty, up to the
     * root (exclusive: it may be a link, e.g. to /srv/www, and a run's output folder stays even when
     * empty). Without it, an archive that shrinks by a page leaves an empty `archive/19/` on the site for
     * web servers to list and rsync to copy. `rmdir` removes only empty folders, atomically, so a folder
     * in which anything else is (a file of another tool, a writer's temp file) stays; failing is normal.
     */
    pruneEmptyFolders(file: string): void {
      for (const dir of foldersBelowRoot(path.dirname(file))) {
        try {
          rmdirSync(dir);
        } catch {
          // ENOTEMPTY (usual), ENOENT (another run removed it), EACCES...: the folder stays, which is harmless.
          return;
        }
        safeFolders.delete(dir);
      }
    },

    /**
     * Returns the file's version token as this write left it, read from the temp file once it is closed
     * (the rename keeps size, mtime and inode): a change made to the file later in the run is then not
     * taken for this write's (see `versionsOfKeys` in local-store.ts).
     */
    write(file: string, body: Uint8Array | string): string {
      return viaTemp(file, body, (temp) => {
        const token = statVersion(temp);
        renameSync(temp, file);
        return { result: token, consumed: true };
      });
    },

    /**
     * Creates `file` only if absent. A hard link of the finished temp file fails atomically with EEXIST when
     * the name is taken, and the file appears complete. (O_EXCL creation in place would show a concurrent
     * reader a partial file, which a lease reader takes for garbage and takes over.)
     */
    createIfAbsent(file: string, body: Uint8Array | string): boolean {
      return viaTemp(file, body, (temp) => {
        try {
          linkSync(temp, file);
          return { result: true, consumed: false };
        } catch (cause) {
          if (fsErrorCode(cause) === 'EEXIST') return { result: false, consumed: false };
          throw cause;
        }
      });
    },

    /**
     * Replaces `file` only if its content version is `expected`. Check and rename run under a per-file lock file
     * created with O_EXCL, so two conditional writers cannot both pass the check; a writer finding the lock
     * taken gets false (as S3 answers 409 ConditionalRequestConflict). The file itself is never absent
     * during the swap (rename replaces it atomically), so a concurrent `createIfAbsent` cannot slip in.
     * A lock left by a writer killed inside those few system calls is broken once older than 60 s.
     */
    replaceIfVersion(file: string, body: Uint8Array | string, expected: string, nowMs: number): boolean {
      return viaTemp(file, body, (temp) => {
        const refused = { result: false, consumed: false };
        const lock = lockPathFor(file);
        if (!takeLock(lock, nowMs)) return refused;
        try {
          const current = readWithVersion(file);
          if (current === null || current.version !== expected) return refused;
          renameSync(temp, file);
          return { result: true, consumed: true };
        } finally {
          try {
            unlinkSync(lock);
          } catch {
            // Broken as stale by another writer: nothing left to release.
          }
        }
      });
    },
  };
}

function takeLock(lock: string, nowMs: number): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(lock, 'wx'));
      return true;
    } catch (cause) {
      if (fsErrorCode(cause) !== 'EEXIST') throw cause;
      if (!isStale(lock, nowMs)) return false;
      try {
        unlinkSync(lock);
      } catch {
        // Another writer broke it first; try to take it once more.
      }
    }
  }
  return false;
}
