import { FeedwrightError } from '../errors/index.js';
/** What a written object is, so adapters can set Content-Type / Cache-Control. */
export interface ObjectMeta {
  contentType: string;
  cacheControl: string;
}

/**
 * The one storage port the core sees. Keys are `/`-separated, relative, without `..`.
 * A missing object reads as `null`; anything else that goes wrong throws a StorageError.
 */
export interface Store {
  /** Human-readable location, for logs and errors (e.g. `public/` or `s3://bucket/prefix/`). */
  readonly description: string;
  /** All keys under a prefix (`''` = everything), sorted. */
  list(prefix: string): Promise<string[]>;
  /**
   * Every key under a prefix with a version token that changes whenever the object's bytes change
   * (S3 ETag, file size + mtime + inode, …). Lets a run see that nothing changed without reading
   * every object: one listing instead of thousands of GETs. Tokens are opaque and compared for equality only.
   */
  listVersions(prefix: string): Promise<Map<string, string>>;
  read(key: string): Promise<Uint8Array | null>;
  write(key: string, body: Uint8Array | string, meta: ObjectMeta): Promise<void>;
  delete(key: string): Promise<void>;
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
