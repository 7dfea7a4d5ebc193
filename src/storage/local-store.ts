import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fsErrorCode, messageOf } from './fs-error-code.js';
import { isTempName, TEMP_PREFIX } from './local-temp.js';
import { walkFolder, type WalkResult } from './local-walk.js';
import { unreadableCode } from './local-readable.js';
import { readOnlyStore } from './read-only-store.js';
import { createLocalWriter, readWithVersion, statVersion, versionOf } from './local-write.js';
import { writtenTokens } from './written-tokens.js';
import { realPathOf } from './real-path.js';
import { validateKey, validatePrefix } from './object-key.js';
import { InputLocationError, StorageError, type Store } from './store.js';

export interface LocalStoreOptions {
  /**
   * The folder must exist: listing a missing one throws instead of returning nothing. For inputs, where a
   * typo in `--input` must be an error, not an empty site (which would delete every published article).
   * Outputs and state leave it off: their folder appears with the first write.
   */
  mustExist?: boolean;
  /**
   * Nothing is written, deleted or cleaned up, not even a killed writer's stale temp files that a listing
   * would otherwise remove: for a dry run, which promises to write nothing.
   */
  readOnly?: boolean;
  /** Clock for telling a killed writer's temp files from a concurrent writer's; tests only. */
  nowMs?: () => number;
}

/**
 * A folder as a store. Reads, writes and stats are synchronous on purpose: a run is one job with
 * nothing else to do meanwhile, and 10,000 small files through libuv's thread pool (open, write, close,
 * rename: four round trips each) left the main thread idle for seconds; sync calls took ~2 s off a
 * cold 10,000-article build.
 *
 * Every write, the first one included, goes to a hidden temp file and is renamed into place (see
 * local-write.ts), so a concurrent reader (a web server, a second run) sees the old bytes or the new ones,
 * never half. Cost of creating 10,000 new 2 KB files in one folder, process CPU time (user + system),
 * 10 alternating runs each (wall time on this shared disk varied 20x between runs): in-place O_EXCL creation
 * vs temp + rename, tmpfs medians 136 ms vs 220 ms (x1.6), ext4 best runs 252 ms vs 507 ms (x2): about
 * 10-25 µs more per new file, a fraction of a second on a 10,000-article first build. Rewrites already
 * used temp + rename.
 * Object metadata is not kept: a folder served over HTTP gets its types from the file extension.
 */
export function createLocalStore(rootDir: string, options: LocalStoreOptions = {}): Store {
  const root = path.resolve(rootDir);
  const now = options.nowMs ?? Date.now;
  const writer = createLocalWriter(root);
  const written = writtenTokens();
  const toPath = (key: string) => {
    validateKey(key);
    if (key.split('/').some(isTempName)) {
      throw new StorageError(`invalid object key ${JSON.stringify(key)}: names starting with ${TEMP_PREFIX} are reserved`, { key });
    }
    return path.join(root, ...key.split('/'));
  };
  const fail = (action: string, key: string, file: string, cause: unknown): never => {
    if (cause instanceof StorageError) throw cause;
    throw new StorageError(`${file}: ${action} failed: ${messageOf(cause)}`, { key, path: file }, { cause });
  };
  const walk = (prefix: string, mode: 'scan' | 'list'): WalkResult => {
    validatePrefix(prefix);
    if (options.mustExist) assertRootExists(rootDir, root);
    try {
      return walkFolder({ root, prefix, mode, nowMs: now(), removeStaleTemps: !options.readOnly });
    } catch (cause) {
      return fail('list', prefix, root, cause);
    }
  };
  // Stats after the walk: a file removed in between is simply no longer there. A scan also learns from
  // the same stat whether each file can be read (`unreadable` set).
  const versionsOf = (
    walked: WalkResult,
    onError: (key: string, file: string, cause: unknown) => void,
    unreadable?: (key: string, code: string) => void,
  ) => {
    const versions = new Map<string, string>();
    for (const { key, file } of walked.files.sort((a, b) => compareKeys(a.key, b.key))) {
      let stats;
      try {
        stats = statSync(file, { bigint: true, throwIfNoEntry: false });
      } catch (cause) {
        if (fsErrorCode(cause) !== 'ENOENT') onError(key, file, cause);
        continue;
      }
      if (stats === undefined) continue;
      if (unreadable) {
        const code = unreadableCode(file, stats);
        if (code === 'ENOENT') continue;
        if (code !== undefined) {
          unreadable(key, code);
          continue;
        }
      }
      versions.set(key, versionOf(stats));
    }
    return versions;
  };

  const store: Store = {
    description: rootDir,
    location: realPathOf(root),

    // Outputs and state: names that are not valid keys are left out, not reported; they cannot be ours.
    async list(prefix) {
      return walk(prefix, 'list')
        .files.map((f) => f.key)
        .sort(compareKeys);
    },

    async listVersions(prefix) {
      return versionsOf(walk(prefix, 'list'), (key, file, cause) => fail('stat', key, file, cause));
    },

    async versionsOfKeys(keys) {
      const { versions, others } = written.take(keys);
      for (const key of others) {
        const file = toPath(key);
        try {
          versions.set(key, statVersion(file));
        } catch (cause) {
          if (fsErrorCode(cause) !== 'ENOENT' && fsErrorCode(cause) !== 'ENOTDIR') fail('stat', key, file, cause);
        }
      }
      return versions;
    },

    async scan(prefix) {
      const walked = walk(prefix, 'scan');
      const skipped = [...walked.skipped];
      const versions = versionsOf(
        walked,
        (key, _file, cause) => skipped.push({ key, reason: `file cannot be read (${fsErrorCode(cause) ?? messageOf(cause)})` }),
        (key, code) => skipped.push({ key, reason: `file cannot be read (${code})` }),
      );
      return { versions, skipped: skipped.sort((a, b) => compareKeys(a.key, b.key)) };
    },

    async read(key) {
      const file = toPath(key);
      try {
        return ownBytes(readFileSync(file));
      } catch (cause) {
        if (fsErrorCode(cause) === 'ENOENT') return null;
        return fail('read', key, file, cause);
      }
    },

    async readVersioned(key) {
      const file = toPath(key);
      try {
        return readWithVersion(file);
      } catch (cause) {
        return fail('read', key, file, cause);
      }
    },

    async write(key, body) {
      const file = toPath(key);
      try {
        written.record(key, writer.inFolder(key, file, () => writer.write(file, body)));
      } catch (cause) {
        fail('write', key, file, cause);
      }
    },

    async writeIf(key, body, _meta, condition) {
      const file = toPath(key);
      written.forget(key);
      try {
        return writer.inFolder(key, file, () =>
          'ifNoneMatch' in condition ? writer.createIfAbsent(file, body) : writer.replaceIfVersion(file, body, condition.ifMatch, now()),
        );
      } catch (cause) {
        return fail('write', key, file, cause);
      }
    },

    async delete(key) {
      const file = toPath(key);
      written.forget(key);
      try {
        if (!writer.ensureFolders(key, file, false)) return;
        rmSync(file, { force: true });
        writer.pruneEmptyFolders(file);
      } catch (cause) {
        fail('delete', key, file, cause);
      }
    },
  };
  return options.readOnly ? readOnlyStore(store) : store;
}

function assertRootExists(rootDir: string, root: string): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(root).isDirectory();
  } catch (cause) {
    if (fsErrorCode(cause) === 'ENOENT') {
      throw new InputLocationError(`${rootDir}: folder does not exist (check the path); nothing was changed`, { path: root }, { cause });
    }
    throw new StorageError(`${rootDir}: cannot be read: ${messageOf(cause)}`, { path: root }, { cause });
  }
  if (!isFolder) throw new InputLocationError(`${rootDir}: is not a folder`, { path: root });
}

/**
 * A plain Uint8Array of a file's bytes. A file read whole has an ArrayBuffer of its own (Node pools only
 * small buffers): viewed, not copied (the state's shards are ~14 MB at 10,000 articles). A pooled one is copied,
 * so no caller ever holds a view on memory that other buffers share.
 */
function ownBytes(buffer: Buffer): Uint8Array {
  return buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength ? new Uint8Array(buffer.buffer, 0, buffer.byteLength) : new Uint8Array(buffer);
}

// Code-unit order, the same as S3's listing order and the other stores' `sort()`.
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
