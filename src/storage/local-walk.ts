import { type Dirent, lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { fsErrorCode } from './fs-error-code.js';
import { isTempName, removeIfStale } from './local-temp.js';
import { invalidNameReason } from './object-key.js';

export interface WalkOptions {
  /** Absolute root of the store. */
  root: string;
  /** Key prefix; the walk starts at its deepest folder and the rest filters names. Already validated. */
  prefix: string;
  /**
   * `scan` (input): an unreadable sub-folder is skipped with a reason (unreadable files are found by the
   * store's stat of each file, see local-readable.ts).
   * `list` (output): an unreadable sub-folder throws, since a run must know everything it has published.
   */
  mode: 'scan' | 'list';
  nowMs: number;
  /** Remove a killed writer's temp files met on the way; off for a read-only store (a dry run). */
  removeStaleTemps: boolean;
}

export interface WalkResult {
  /** Usable keys and the files they name (for a link: the link's path). */
  files: { key: string; file: string }[];
  skipped: { key: string; reason: string }[];
}

/**
 * Lists the files under a prefix without ever throwing on one odd entry. Synchronous on purpose (see
 * local-store.ts): a listing of 10,000 files is one job with nothing else to do meanwhile.
 *
 * Symbolic links: a link to a regular file inside the root is listed under the link's own key; a link
 * leading outside the root, a dangling link, a loop and a link to a folder are skipped (a followed folder
 * link could list the same article twice or walk forever).
 */
/**
 * Node reads folder entries as UTF-8 and puts U+FFFD for bytes that are not (a Latin-1 `café.md`), so such
 * a name leads nowhere: reading it fails as if the file had just been deleted, and it was left out unreported.
 * Only names holding U+FFFD are checked (a real U+FFFD in a name is found on disk and kept).
 */
function undecodableNameReason(name: string, file: string): string | undefined {
  if (!name.includes('\uFFFD')) return undefined;
  try {
    lstatSync(file);
    return undefined;
  } catch (error) {
    return fsErrorCode(error) === 'ENOENT' ? 'it is not valid UTF-8 (rename the file)' : undefined;
  }
}

export function walkFolder(options: WalkOptions): WalkResult {
  const { root, prefix, mode, nowMs, removeStaleTemps } = options;
  const result: WalkResult = { files: [], skipped: [] };
  const folderKey = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const start = path.join(root, ...folderKey.split('/').filter(Boolean));
  let realRoot: string | undefined;
  const insideRoot = (file: string) => {
    realRoot ??= realpathSync(root);
    const relative = path.relative(realRoot, file);
    // '' is the root itself: inside (a link to it is then refused as a link to a folder).
    return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  };
  // Below the start folder every key starts with its folder part; the rest of the prefix filters names.
  const matches = (key: string, isFolder: boolean) => (isFolder ? `${key}/` : key).startsWith(prefix);

  const visit = (dir: string, keyPrefix: string, entries: Dirent[]) => {
    for (const entry of entries) {
      const name = entry.name;
      // `dir` is normalized (a resolved root plus names) and `name` is one plain name: no path.join needed.
      const file = dir + path.sep + name;
      if (isTempName(name)) {
        if (removeStaleTemps && !entry.isDirectory()) removeIfStale(file, nowMs);
        continue;
      }
      const key = keyPrefix + name;
      const isFolder = entry.isDirectory();
      if (!matches(key, isFolder)) continue;
      // The folder's key is valid (checked on the way down, or the validated prefix): only the name is new.
      const problem = invalidNameReason(name) ?? undecodableNameReason(name, file);
      if (problem) {
        result.skipped.push({ key: isFolder ? `${key}/` : key, reason: `name is not a valid key: ${problem}` });
      } else if (isFolder) {
        const children = readFolder(file, `${key}/`);
        if (children) visit(file, `${key}/`, children);
      } else if (entry.isFile()) {
        result.files.push({ key, file });
      } else if (entry.isSymbolicLink()) {
        addLink(key, file);
      } else {
        result.skipped.push({ key, reason: `not a regular file (${specialKind(entry)})` });
      }
    }
  };

  const readFolder = (dir: string, key: string): Dirent[] | undefined => {
    try {
      return readdirSync(dir, { withFileTypes: true });
    } catch (cause) {
      const code = fsErrorCode(cause);
      // Removed while we were listing: it simply has nothing in it any more.
      if (code === 'ENOENT') return undefined;
      if (mode === 'list') throw cause;
      result.skipped.push({ key, reason: `folder cannot be read (${code ?? 'error'})` });
      return undefined;
    }
  };

  const addLink = (key: string, file: string) => {
    let real: string;
    try {
      real = realpathSync(file);
    } catch (cause) {
      const code = fsErrorCode(cause);
      const reason =
        code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' ? 'symbolic link to nothing (dangling)' : `symbolic link cannot be resolved (${code ?? 'error'})`;
      result.skipped.push({ key, reason });
      return;
    }
    if (!insideRoot(real)) {
      result.skipped.push({ key, reason: `symbolic link leading outside the folder (to ${real})` });
      return;
    }
    let target: Stats;
    try {
      target = statSync(real);
    } catch (cause) {
      result.skipped.push({ key, reason: `symbolic link target cannot be read (${fsErrorCode(cause) ?? 'error'})` });
      return;
    }
    if (target.isDirectory()) result.skipped.push({ key, reason: 'symbolic link to a folder (not followed)' });
    else if (!target.isFile()) result.skipped.push({ key, reason: `symbolic link to a special file (${specialKind(target)})` });
    else result.files.push({ key, file });
  };

  // A prefix folder reached through a link is not followed either, as it would not be from the root.
  const linked = firstLinkedFolder(root, folderKey);
  if (linked !== undefined) {
    if (mode === 'scan') result.skipped.push({ key: linked, reason: 'symbolic link to a folder (not followed)' });
    return result;
  }
  let top: Dirent[];
  try {
    top = readdirSync(start, { withFileTypes: true });
  } catch (cause) {
    const code = fsErrorCode(cause);
    // A prefix folder that does not exist has no keys; whether the root must exist is decided by the caller.
    if (code === 'ENOENT' || code === 'ENOTDIR') return result;
    throw cause;
  }
  visit(start, folderKey, top);
  return result;
}

/** The key (`a/b`) of the first folder of `folderKey` below the root that is a symbolic link, if any. */
function firstLinkedFolder(root: string, folderKey: string): string | undefined {
  const segments = folderKey.split('/').filter(Boolean);
  for (let i = 1; i <= segments.length; i++) {
    try {
      if (lstatSync(path.join(root, ...segments.slice(0, i))).isSymbolicLink()) return segments.slice(0, i).join('/');
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function specialKind(entry: Dirent | Stats): string {
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  if (entry.isBlockDevice()) return 'block device';
  if (entry.isCharacterDevice()) return 'character device';
  return 'unknown type';
}
