import { FeedwrightError } from '../errors/index.js';
/** What a written object is, so adapters can set Content-Type / Cache-Control. */
export interface ObjectMeta {
  contentType: string;
  cacheControl: string;
}

export type WriteCondition = { ifNoneMatch: '*' } | { ifMatch: string };

/** What `scan` found: version tokens of the usable keys, and every entry it left out, with the reason. */
export interface ScanResult {
  versions: Map<string, string>;
  /** Keys are reported raw (they may hold control characters); escape them for display. */
  skipped: { key: string; reason: string }[];
}

/**
 * The one storage port the core sees. Keys are `/`-separated, relative, without `..`.
 * A missing object reads as `null`; anything else that goes wrong throws a StorageError.
 */
export interface Store {
  /** Human-readable location, for logs and errors (e.g. `public/` or `s3://bucket/prefix/`). */
  readonly description: string;
  /**
   * Where the objects live, the same whatever the working folder: a real absolute path (symbolic links
   * resolved) or `s3://bucket/prefix/`. Named in the state's output claim (see `claimedOutputName`), so a
   * state is never taken for the record of another output.
   */
  readonly location?: string;
  /** All keys under a prefix (`''` = everything), sorted. */
  list(prefix: string): Promise<string[]>;
  /**
   * Every key under a prefix with a version token that changes whenever the object's bytes change
   * (S3 ETag, file size + mtime + inode, …). Lets a run see that nothing changed without reading
   * every object: one listing instead of thousands of GETs. Tokens are opaque and compared for equality only.
   */
  listVersions(prefix: string): Promise<Map<string, string>>;
  /**
   * The `listVersions` tokens of just these keys (absent keys left out), where a store can answer more
   * cheaply than a whole listing: a file's stat, or for S3 the ETags its writes returned and one listing
   * for the rest; stores that cannot leave it out and callers list. For a key this store itself wrote, the
   * token that write left (handed out once), even if the object has changed since: the caller records it
   * as what it wrote, so such a change is found by the next run.
   */
  versionsOfKeys?(keys: string[]): Promise<Map<string, string>>;
  /**
   * Input listing: like `listVersions`, but one odd entry never throws; it lands in `skipped` with a reason
   * (a name that is not a valid key, an unreadable file or folder, a link leading outside the root, a loop,
   * a FIFO/socket/device). The root itself missing (see `mustExist`) or unlistable still throws.
   */
  scan(prefix: string): Promise<ScanResult>;
  read(key: string): Promise<Uint8Array | null>;
  /** Bytes plus the version token to use in `writeIf({ ifMatch })`; `null` when the key is absent. */
  readVersioned(key: string): Promise<{ bytes: Uint8Array; version: string } | null>;
  /**
   * Stores `body`. Bytes are the caller's again once the promise settles (the publisher encodes the next
   * batch into the same memory): a store that keeps them copies them.
   */
  write(key: string, body: Uint8Array | string, meta: ObjectMeta): Promise<void>;
  /**
   * Conditional write, atomic with respect to other conditional writes of the same key:
   * `ifNoneMatch: '*'` creates the object only if it is absent; `ifMatch` replaces it only if its current
   * version is the one given (as returned by `readVersioned`). Resolves `false` (not an error) when the
   * condition does not hold, including a concurrent conditional write of the same key.
   */
  writeIf(key: string, body: Uint8Array | string, meta: ObjectMeta, condition: WriteCondition): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** Where `key` lives, for messages: the store's description joined to the key (`s3://b/state/state.json`). */
export function keyLocation(store: Pick<Store, 'description'>, key: string): string {
  return `${store.description.replace(/\/?$/, '/')}${key}`;
}

export class StorageError extends FeedwrightError {
  override readonly name = 'StorageError' as const;
  readonly code = 'storage';
  override readonly exitCode = 3;
  constructor(
    message: string,
    readonly location: { bucket?: string; key?: string; path?: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The input location is not there (a typo in `--input`, an unmounted disk, an empty or wrong S3 prefix):
 * a usage mistake, never an empty site, so the run stops before anything is written.
 */
export class InputLocationError extends FeedwrightError {
  override readonly name = 'InputLocationError' as const;
  readonly code = 'input-missing';
  constructor(
    message: string,
    readonly location: { bucket?: string; key?: string; path?: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A storage location string that cannot be used as given (malformed, overlapping another, no safe state spot). */
export class LocationError extends FeedwrightError {
  override readonly name = 'LocationError' as const;
  readonly code = 'invalid-location';
  constructor(
    message: string,
    readonly location: { bucket?: string; key?: string; path?: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
