import { access, constants, lstat, mkdir, readlink, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { FeedwrightError } from '../errors/index.js';
import { LocationError, StorageError } from '../storage/store.js';

/** `feedwright init` would overwrite something the user already has. */
export class InitTargetExistsError extends FeedwrightError {
  readonly code = 'init-target-exists';
  override readonly exitCode = 2;
  constructor(
    readonly path: string,
    what = 'already exists',
  ) {
    super(`${path} ${what}; init never overwrites (choose an empty folder: feedwright init my-site)`);
  }
}

export interface StarterSite {
  /** Relative paths and their text; a file in a subfolder gets that folder (one level) created. */
  files: [string, string][];
  /** Further names that must not exist either (a second config file would be read instead of, or beside, ours). */
  absent: string[];
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** Permission and device trouble is the operator's (exit 3); anything else about a path is a location mistake (exit 2). */
function fileSystemError(path: string, action: string, error: unknown): FeedwrightError {
  const code = errorCode(error);
  if (code === 'EEXIST') return new InitTargetExistsError(path);
  if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP' || code === 'ENAMETOOLONG') {
    return new LocationError(`${path}: cannot ${action} (${code}: a file or link is in the way where a folder is needed)`, { path }, { cause: error });
  }
  const reason = code === 'EACCES' ? 'permission denied' : code === 'EPERM' ? 'operation not permitted' : code === 'EROFS' ? 'read-only file system' : (code ?? String(error));
  return new StorageError(`${path}: cannot ${action} (${reason})`, { path }, { cause: error });
}

/** What is at `path`: nothing, a folder (through links), or something else; a broken link is named as one. */
async function entryAt(path: string): Promise<'none' | 'folder' | 'other'> {
  try {
    await lstat(path);
  } catch (error) {
    // ENOTDIR: a file further up; the walk in existingBase reaches it and names it.
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return 'none';
    throw fileSystemError(path, 'check it', error);
  }
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw fileSystemError(path, 'check it', error);
    const target = await readlink(path).catch(() => '?');
    throw new LocationError(`${path}: a symbolic link to ${target}, which does not exist`, { path }, { cause: error });
  }
}

/** True when anything has this name, a broken link included (writing through one would create its target). */
async function nameTaken(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw fileSystemError(path, 'check it', error);
  }
}

/** The folder must be one init can write into: checked before anything is created, so a refusal leaves nothing. */
async function checkWritable(folder: string): Promise<void> {
  try {
    await access(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw fileSystemError(folder, 'write into it', error);
  }
}

/** The nearest existing folder at or above `path`, which must be a folder wherever the walk stops. */
async function existingBase(path: string): Promise<{ base: string; exists: boolean }> {
  let current = path;
  for (;;) {
    const entry = await entryAt(current);
    if (entry === 'folder') return { base: current, exists: current === path };
    if (entry === 'other') throw new LocationError(`${current}: is a file, not a folder (init writes a site into a folder)`, { path: current });
    const parent = dirname(current);
    if (parent === current) throw new LocationError(`${current}: does not exist`, { path: current });
    current = parent;
  }
}

/**
 * Everything that stands in the way, found before anything is written: a refused init creates nothing.
 * Returns the subfolders that must be created.
 */
async function checkTarget(root: string, site: StarterSite): Promise<string[]> {
  const { base, exists } = await existingBase(root);
  await checkWritable(base);
  const folders = [...new Set(site.files.map(([name]) => dirname(name)).filter((d) => d !== '.'))];
  if (!exists) return folders;
  for (const name of site.absent) {
    if (await nameTaken(join(root, name))) throw new InitTargetExistsError(join(root, name));
  }
  const toCreate: string[] = [];
  for (const folder of folders) {
    const path = join(root, folder);
    const entry = await entryAt(path).catch((error: unknown) => {
      if (error instanceof LocationError) throw new InitTargetExistsError(path, 'exists (a broken symbolic link)');
      throw error;
    });
    if (entry === 'other') throw new InitTargetExistsError(path, 'exists and is not a folder');
    if (entry === 'none') toCreate.push(folder);
    else await checkWritable(path);
  }
  for (const [name] of site.files) {
    if (await nameTaken(join(root, name))) throw new InitTargetExistsError(join(root, name));
  }
  return toCreate;
}

/**
 * Writes a starter site into `dir` (created if needed) and returns the paths written. Never overwrites;
 * everything in the way is found first, and a write that still fails (a full disk, a race) removes what
 * this run created before the error is reported.
 */
export async function initSite(dir: string, site: StarterSite): Promise<string[]> {
  const root = resolve(dir);
  const folders = await checkTarget(root, site);
  const createdFolders: string[] = [];
  const written: string[] = [];
  try {
    const first = await mkdir(root, { recursive: true }).catch((error: unknown) => {
      throw fileSystemError(root, 'create the folder', error);
    });
    // mkdir names the top folder it created: it and those below it up to root are this run's.
    if (first !== undefined) {
      for (let folder = root; folder.length >= first.length; folder = dirname(folder)) createdFolders.unshift(folder);
    }
    for (const folder of folders) {
      const path = join(root, folder);
      await mkdir(path).catch((error: unknown) => {
        throw fileSystemError(path, 'create the folder', error);
      });
      createdFolders.push(path);
    }
    for (const [name, text] of site.files) {
      const path = join(root, name);
      // `wx`: exclusive create, so a file that appeared since the checks is never replaced.
      await writeFile(path, text, { flag: 'wx' }).catch((error: unknown) => {
        throw fileSystemError(path, 'write the file', error);
      });
      written.push(path);
    }
  } catch (error) {
    await Promise.all(written.map((path) => unlink(path).catch(() => {})));
    for (const folder of createdFolders.reverse()) await rmdir(folder).catch(() => {});
    throw error;
  }
  return written;
}
