import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_STATE_FOLDER } from './feedwright-folders.js';
import { createLocalStore } from './local-store.js';
import { validatePrefix } from './object-key.js';
import { type Env, loadS3Client } from './s3-client.js';
import { type S3ClientRef, createS3Store } from './s3-store.js';
import { readOnlyStore } from './read-only-store.js';
import { LocationError, type Store } from './store.js';

export type Location = { kind: 'local'; dir: string } | { kind: 's3'; bucket: string; prefix: string };

// S3 bucket naming rules (general purpose buckets): 3–63 chars, lowercase letters, digits, dots, hyphens.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const S3_FORM = 's3://bucket/prefix/';
// A URL scheme name and its colon, with or without slashes (`https:/x`, `http:x` are typos, not folders).
// One letter and a colon is a Windows drive, told apart below.
const URL_SCHEME = /^([a-z][a-z0-9+.-]+):/i;
const WINDOWS_DRIVE = /^[a-z]:/i;

/**
 * `s3://bucket/some/prefix` → S3 location with prefix `some/prefix/`; `file:///abs/path` → that local
 * folder; anything else without a scheme is a local folder. Anything that looks meant as a URL (a scheme
 * name and a colon at the start) or a Windows drive is refused rather than taken as a folder name:
 * `s3:/feeds/t1` (one slash) once published into `./s3:/feeds/t1/` and exited 0, and
 * `https:/example.org/blog` into `./https:/example.org/blog/`. A colon further on (`sites/a:b`) is a name.
 */
export function parseLocation(location: string): Location {
  const trimmed = location.trim();
  if (trimmed === '') throw new LocationError('empty storage location', { path: location });
  if (/^s3:/i.test(trimmed) && !/^s3:\/\/[^/\\]/i.test(trimmed)) {
    throw new LocationError(`${location}: not an S3 location: write ${S3_FORM} (two slashes, a lowercase bucket name)`, { path: location });
  }
  if (/^file:/i.test(trimmed)) return { kind: 'local', dir: localPathOfFileUrl(location, trimmed) };
  if (WINDOWS_DRIVE.test(trimmed)) {
    throw new LocationError(
      `${location}: a Windows drive path: Feedwright runs with POSIX paths here (/srv/site, ../site); for a folder of that name write ./${trimmed}`,
      { path: location },
    );
  }
  const scheme = URL_SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    throw new LocationError(
      `${location}: Feedwright reads and writes folders and S3 prefixes, not URLs: publish to a folder or ${S3_FORM} and serve that at the URL`,
      { path: location },
    );
  }
  if (scheme !== undefined && scheme !== 's3') {
    throw new LocationError(`${location}: unknown URL scheme "${scheme}:": a location is a local folder or ${S3_FORM} (for a folder of that name write ./${trimmed})`, { path: location });
  }
  if (scheme === undefined) return { kind: 'local', dir: trimmed };

  const rest = trimmed.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw new LocationError(`${location}: invalid bucket name ${JSON.stringify(bucket)}: write ${S3_FORM}`, { bucket });
  }
  const rawPrefix = slash === -1 ? '' : rest.slice(slash + 1);
  const prefix = rawPrefix === '' || rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
  try {
    validatePrefix(prefix);
  } catch (cause) {
    throw new LocationError(`${location}: invalid prefix ${JSON.stringify(prefix)}`, { bucket, key: prefix }, { cause });
  }
  return { kind: 's3', bucket, prefix };
}

/**
 * `file:///srv/site` (or `file://localhost/…`) is an unambiguous way to write a local path, so it is read as
 * one; `file:relative` and a remote host have no local meaning and are refused.
 */
function localPathOfFileUrl(location: string, trimmed: string): string {
  const refused = (cause?: unknown) =>
    new LocationError(`${location}: not a local file URL: write file:///absolute/path or the path itself`, { path: location }, { cause });
  // The URL parser would read `file:notes` as `/notes`, a folder nobody meant.
  if (!/^file:\/\//i.test(trimmed)) throw refused();
  try {
    return fileURLToPath(trimmed);
  } catch (cause) {
    throw refused(cause);
  }
}

/**
 * Where state lives when the config does not say: beside the output, never inside it, and keyed by the
 * output's own name so two sites never share a state (and the current folder does not matter). A local
 * `public/` keeps it in `.feedwright-state/public/` next to `public/`; an S3 output in the sibling prefix
 * `feedwright-state/<output prefix>` of the same bucket, which the CDN does not serve. An output at a
 * file-system or bucket root has no safe sibling, so the state must be configured.
 */
export function defaultStateLocation(output: string): string {
  const parsed = parseLocation(output);
  if (parsed.kind === 'local') {
    const absolute = path.resolve(parsed.dir);
    const parent = path.dirname(absolute);
    if (parent === absolute) {
      throw new LocationError(`${output}: the site is a whole file system; set \`state\` (config), --state or FEEDWRIGHT_STATE`, { path: output });
    }
    const stateDir = path.join(parent, LOCAL_STATE_FOLDER, path.basename(absolute));
    // Relative in, relative out: messages and reports then show what the user typed.
    return path.isAbsolute(parsed.dir) ? stateDir : path.relative(process.cwd(), stateDir) || '.';
  }
  if (parsed.prefix === '') {
    throw new LocationError(`${output}: the site is the whole bucket; set \`state\` (config) or FEEDWRIGHT_STATE to a location outside it`, { bucket: parsed.bucket });
  }
  return `s3://${parsed.bucket}/${S3_STATE_PREFIX}/${parsed.prefix}`;
}

/** The top-level prefix of a bucket that holds the default states of its S3 sites (see defaultStateLocation). */
export const S3_STATE_PREFIX = 'feedwright-state';

export interface CreateStoreOptions {
  /** Reuse one client across stores (one per Lambda cold start); otherwise one is built from `env`. */
  s3Client?: S3ClientRef;
  /** For inputs: a missing folder or an empty prefix makes listings throw instead of reading as empty. */
  mustExist?: boolean;
  /** A dry run's store: refuses writes and deletes, and a listing removes nothing (see `LocalStoreOptions`). */
  readOnly?: boolean;
}

/** A store for a location string: a local folder or `s3://bucket/prefix/`. */
export function createStore(location: string, env: Env = process.env, options: CreateStoreOptions = {}): Store {
  const parsed = parseLocation(location);
  const mustExist = options.mustExist ?? false;
  const readOnly = options.readOnly ?? false;
  if (parsed.kind === 'local') return createLocalStore(parsed.dir, { mustExist, readOnly });
  const store = createS3Store({ client: options.s3Client ?? loadS3Client(env), bucket: parsed.bucket, prefix: parsed.prefix, mustExist });
  return readOnly ? readOnlyStore(store) : store;
}
