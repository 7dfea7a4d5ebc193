import { StorageError } from './store.js';

/**
 * Refuses keys that could escape a store's root or mean different things on S3 and on disk:
 * `..`/`.` segments, a leading `/`, empty segments (`a//b`, trailing `/`), backslashes and control characters.
 * Returns the key unchanged so callers can validate inline.
 */
export function validateKey(key: string): string {
  const reason = keyProblem(key, false);
  if (reason) throw new StorageError(`invalid object key ${JSON.stringify(key)}: ${reason}`, { key });
  return key;
}

/**
 * Same rules for a list prefix, except that `''` (everything) and a trailing `/` (a "folder") are allowed.
 */
export function validatePrefix(prefix: string): string {
  if (prefix === '') return prefix;
  const reason = keyProblem(prefix, true);
  if (reason) throw new StorageError(`invalid key prefix ${JSON.stringify(prefix)}: ${reason}`, { key: prefix });
  return prefix;
}

/** Why `key` is not a valid object key, or `undefined` when it is: for listings that skip instead of throwing. */
export function invalidKeyReason(key: string): string | undefined {
  return keyProblem(key, false);
}

/**
 * Why a name read from a folder (never containing `/`) cannot be the last segment of a key, or
 * `undefined`: the same answer as {@link invalidKeyReason} gives for the whole key when the folder's key is
 * already valid, without splitting the whole key again (a listing checks 10,000 names or more).
 */
export function invalidNameReason(name: string): string | undefined {
  if (name.includes('\\')) return 'backslash';
  if (CONTROL_CHARACTER.test(name)) return 'control character';
  return segmentProblem(name);
}

function segmentProblem(segment: string): string | undefined {
  if (segment === '') return 'empty path segment';
  if (segment === '..' || segment === '.') return `"${segment}" segment`;
  return undefined;
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function keyProblem(key: string, isPrefix: boolean): string | undefined {
  if (key.length === 0) return 'empty';
  if (key.startsWith('/')) return 'leading "/"';
  if (key.includes('\\')) return 'backslash';
  if (CONTROL_CHARACTER.test(key)) return 'control character';
  const segments = key.split('/');
  if (isPrefix && segments.at(-1) === '') segments.pop();
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return undefined;
}
