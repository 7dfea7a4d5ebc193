import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { validateKey, validatePrefix } from './object-key.js';
import { StorageError, type Store } from './store.js';

// Temp files live next to their target (same file system, so rename is atomic) and are hidden from list().
const TEMP_SUFFIX = '.feedwright-tmp';

/**
 * A folder as a store. Reads, writes and stats are synchronous on purpose: a run is one job with
 * nothing else to do meanwhile, and 10,000 small files through libuv's thread pool (open, write, close,
 * rename: four round trips each) left the main thread idle for seconds; sync calls took ~2 s off a
 * cold 10,000-article build.
 *
 * Writes go to a temp file in the target's folder and are renamed into place,
 * so a concurrent reader (a web server, a second run) sees the old bytes or the new ones, never half.
 * Object metadata is not kept: a folder served over HTTP gets its types from the file extension.
 */
export function createLocalStore(rootDir: string): Store {
  const root = path.resolve(rootDir);
  const madeDirs = new Set<string>();
  // Unique per process (random) and per write (counter): concurrent runs never share a temp file.
  const tempTag = randomBytes(4).toString('hex');
  let tempCounter = 0;
  const toPath = (key: string) => {
    if (validateKey(key).endsWith(TEMP_SUFFIX)) {
      throw new StorageError(`invalid object key ${JSON.stringify(key)}: reserved suffix ${TEMP_SUFFIX}`, { key });
    }
    return path.join(root, ...key.split('/'));
  };
  const fail = (action: string, key: string, file: string, cause: unknown): never => {
    throw new StorageError(`${file}: ${action} failed: ${messageOf(cause)}`, { key, path: file }, { cause });
  };

  const store: Store = {
    description: rootDir,

    async list(prefix) {
      validatePrefix(prefix);
      // Walk only the deepest folder the prefix names; the rest of the prefix filters file names.
      const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
      const start = path.join(root, ...folder.split('/').filter(Boolean));
      const keys: string[] = [];
      try {
        await walk(start, folder, keys);
      } catch (cause) {
        fail('list', prefix, start, cause);
      }
      return keys.filter((k) => k.startsWith(prefix)).sort();
    },

    async listVersions(prefix) {
      const keys = await store.list(prefix);
      const versions = new Map<string, string>();
      // Synchronous stats on purpose: for 10,000 files they take a fraction of the time of 10,000
      // promise round trips through libuv's thread pool, and a run has nothing else to do meanwhile.
      for (const key of keys) {
        const file = toPath(key);
        try {
          const s = statSync(file, { bigint: true });
          versions.set(key, `${s.size}:${s.mtimeNs}:${s.ino}`);
        } catch (cause) {
          if (errorCode(cause) !== 'ENOENT') fail('stat', key, file, cause);
        }
      }
      return versions;
    },

    async read(key) {
      const file = toPath(key);
      try {
        return new Uint8Array(readFileSync(file));
      } catch (cause) {
        if (errorCode(cause) === 'ENOENT') return null;
        return fail('read', key, file, cause);
      }
    },

    async write(key, body) {
      const file = toPath(key);
      const temp = `${file}.${tempTag}-${tempCounter++}${TEMP_SUFFIX}`;
      try {
        const dir = path.dirname(file);
        // One mkdir per folder per store, not one per file: writing 10,000 pages into one folder.
        if (!madeDirs.has(dir)) {
          await mkdir(dir, { recursive: true });
          madeDirs.add(dir);
        }
        // A new file is created in place (O_EXCL): nothing links to it until later objects are written
        // (pages before feeds, feeds before the index), and on ext4 this is ~3x faster than temp + rename.
        // An existing file is replaced atomically, so readers of a feed see the old bytes or the new ones.
        if (!createExclusive(file, body)) {
          writeFileSync(temp, body);
          renameSync(temp, file);
        }
      } catch (cause) {
        await rm(temp, { force: true }).catch(() => undefined);
        fail('write', key, file, cause);
      }
    },

    async delete(key) {
      const file = toPath(key);
      try {
        await rm(file, { force: true });
      } catch (cause) {
        fail('delete', key, file, cause);
      }
    },
  };
  return store;
}

/** Writes `body` to `file` only if it does not exist yet; false when it does. */
function createExclusive(file: string, body: string | Uint8Array): boolean {
  try {
    writeFileSync(file, body, { flag: 'wx' });
    return true;
  } catch (cause) {
    if (errorCode(cause) === 'EEXIST') return false;
    throw cause;
  }
}

async function walk(dir: string, keyPrefix: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    // A missing root or prefix folder is an empty store, not an error (first run, nothing published yet).
    if (errorCode(cause) === 'ENOENT' || errorCode(cause) === 'ENOTDIR') return;
    throw cause;
  }
  for (const entry of entries) {
    const key = keyPrefix + entry.name;
    if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${key}/`, out);
    else if (entry.isFile() && !entry.name.endsWith(TEMP_SUFFIX)) out.push(key);
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
