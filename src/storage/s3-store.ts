import type { S3Client } from '@aws-sdk/client-s3';
import { invalidKeyReason, validateKey, validatePrefix } from './object-key.js';
import { InputLocationError, StorageError, type Store } from './store.js';
import { writtenTokens } from './written-tokens.js';

/** A client, or one being loaded (`loadS3Client`): the SDK is then loaded only when a store is first used. */
export type S3ClientRef = S3Client | Promise<S3Client>;

// The command classes come with the SDK, loaded on first use (Node caches the module after that).
const sdk = () => import('@aws-sdk/client-s3');

export interface S3StoreOptions {
  /** Injected so tests (and the Lambda cold start) decide endpoint, credentials and retries. */
  client: S3ClientRef;
  bucket: string;
  /** Key prefix inside the bucket: `''` or ending in `/`. */
  prefix?: string;
  /** ListObjectsV2 page size; S3 caps it at 1000. Small values let tests exercise pagination. */
  pageSize?: number;
  /**
   * The prefix must hold at least one object: an empty listing of it throws instead of reading as an empty
   * site. S3 has no folders, so "missing" and "empty" are the same thing; for inputs either is a mistake.
   */
  mustExist?: boolean;
}

/** A bucket (or a prefix of one) as a store. Every SDK failure becomes a StorageError naming bucket and key. */
export function createS3Store(options: S3StoreOptions): Store {
  const { bucket, pageSize } = options;
  const clientRef = options.client;
  const prefix = validatePrefix(options.prefix ?? '');
  if (prefix !== '' && !prefix.endsWith('/')) {
    throw new StorageError(`s3://${bucket}/${prefix}: prefix must end with "/"`, { bucket, key: prefix });
  }
  const fail = (action: string, key: string, cause: unknown): never => {
    if (cause instanceof StorageError) throw cause;
    throw new StorageError(`s3://${bucket}/${key}: ${action} failed: ${describeError(cause)}`, { bucket, key }, { cause });
  };

  /** Every object under the list prefix, with its raw key relative to the store prefix. */
  const listAll = async (listPrefix: string, maxKeys = pageSize): Promise<{ key: string; version: string; size: number }[]> => {
    const fullPrefix = prefix + validatePrefix(listPrefix);
    const objects: { key: string; version: string; size: number }[] = [];
    let token: string | undefined;
    try {
      const { ListObjectsV2Command } = await sdk();
      const client = await clientRef;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: fullPrefix, ContinuationToken: token, MaxKeys: maxKeys }),
        );
        for (const object of page.Contents ?? []) {
          // The ETag changes with the bytes; the size is added because multipart ETags are per-part hashes.
          if (object.Key !== undefined) {
            objects.push({ key: object.Key.slice(prefix.length), version: `${object.ETag ?? ''}:${object.Size ?? ''}`, size: object.Size ?? 0 });
          }
        }
        if (page.IsTruncated && !page.NextContinuationToken) {
          // Taking a cut-off listing as complete would delete (or never publish) everything after the cut.
          throw new StorageError(
            `s3://${bucket}/${fullPrefix}: list failed: the server said the listing continues but sent no continuation token; refusing an incomplete listing`,
            { bucket, key: fullPrefix },
          );
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
        if (maxKeys === 1) break;
      } while (token);
    } catch (cause) {
      fail('list', fullPrefix, cause);
    }
    if (options.mustExist && objects.length === 0 && (listPrefix === '' || (await listAll('', 1)).length === 0)) {
      throw new InputLocationError(`s3://${bucket}/${prefix}: no objects under this prefix (does it exist? check the location); nothing was changed`, { bucket, key: prefix });
    }
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };

  // Outputs and state: keys that are not valid keys (a backslash from a Windows upload tool) are left out
  // instead of failing the listing; we never write such keys, so they cannot be ours.
  const validObjects = async (listPrefix: string) => (await listAll(listPrefix)).filter((o) => invalidKeyReason(o.key) === undefined);

  const written = writtenTokens();

  const put = async (key: string, body: Uint8Array | string, meta: { contentType: string; cacheControl: string }, condition: { IfNoneMatch?: string; IfMatch?: string }) => {
    const fullKey = prefix + validateKey(key);
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const { PutObjectCommand } = await sdk();
    const response = await (await clientRef).send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: fullKey,
        Body: bytes,
        // Explicit, so an empty body is not mistaken for a stream of unknown length.
        ContentLength: bytes.byteLength,
        ContentType: meta.contentType,
        CacheControl: meta.cacheControl,
        ...condition,
      }),
    );
    // The listing's token for what this request stored (see `versionsOfKeys`).
    return response.ETag === undefined ? undefined : `${response.ETag}:${bytes.byteLength}`;
  };

  const get = async (key: string) => {
    const fullKey = prefix + validateKey(key);
    try {
      const { GetObjectCommand } = await sdk();
      const object = await (await clientRef).send(new GetObjectCommand({ Bucket: bucket, Key: fullKey }));
      const bytes = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
      return { bytes, version: object.ETag ?? '' };
    } catch (cause) {
      // Only a missing key is "absent"; a missing bucket or denied access must not look like an empty site.
      if (errorName(cause) === 'NoSuchKey') return null;
      return fail('read', fullKey, cause);
    }
  };

  const store: Store = {
    description: `s3://${bucket}/${prefix}`,
    location: `s3://${bucket}/${prefix}`,

    async list(listPrefix) {
      return (await validObjects(listPrefix)).map((o) => o.key);
    },

    async listVersions(listPrefix) {
      return new Map((await validObjects(listPrefix)).map((o) => [o.key, o.version]));
    },

    async scan(listPrefix) {
      const versions = new Map<string, string>();
      const skipped: { key: string; reason: string }[] = [];
      for (const object of await listAll(listPrefix)) {
        // An empty `name/` object is the console's "folder" placeholder, not a file.
        if (object.key.endsWith('/') && object.size === 0) continue;
        const reason = invalidKeyReason(object.key);
        if (reason === undefined) versions.set(object.key, object.version);
        else skipped.push({ key: object.key, reason: `name is not a valid key: ${reason}` });
      }
      return { versions, skipped };
    },

    async read(key) {
      return (await get(key))?.bytes ?? null;
    },

    async readVersioned(key) {
      return get(key);
    },

    async write(key, body, meta) {
      written.forget(key);
      try {
        const token = await put(key, body, meta, {});
        if (token !== undefined) written.record(key, token);
      } catch (cause) {
        fail('write', prefix + key, cause);
      }
    },

    /** The ETags this store's writes returned; the other keys (written by other workers, say) from one listing. */
    async versionsOfKeys(keys) {
      const { versions, others } = written.take(keys);
      if (others.length > 0) {
        const listed = new Map((await validObjects('')).map((o) => [o.key, o.version]));
        for (const key of others) {
          const token = listed.get(key);
          if (token !== undefined) versions.set(key, token);
        }
      }
      return versions;
    },

    async writeIf(key, body, meta, condition) {
      written.forget(key);
      try {
        await put(key, body, meta, 'ifNoneMatch' in condition ? { IfNoneMatch: '*' } : { IfMatch: condition.ifMatch });
        return true;
      } catch (cause) {
        // 412: the condition does not hold. 409: a concurrent conditional write of the same key won.
        // 404 on If-Match: there is no object to match.
        const status = httpStatus(cause);
        if (status === 412 || status === 409 || ('ifMatch' in condition && errorName(cause) === 'NoSuchKey')) return false;
        return fail('write', prefix + key, cause);
      }
    },

    async delete(key) {
      written.forget(key);
      const fullKey = prefix + validateKey(key);
      try {
        const { DeleteObjectCommand } = await sdk();
        await (await clientRef).send(new DeleteObjectCommand({ Bucket: bucket, Key: fullKey }));
      } catch (cause) {
        fail('delete', fullKey, cause);
      }
    },
  };
  return store;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function httpStatus(error: unknown): number | undefined {
  const metadata: unknown = typeof error === 'object' && error !== null && '$metadata' in error ? error.$metadata : undefined;
  return typeof metadata === 'object' && metadata !== null && 'httpStatusCode' in metadata && typeof metadata.httpStatusCode === 'number'
    ? metadata.httpStatusCode
    : undefined;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = httpStatus(error);
  const detail = error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
  return typeof status === 'number' ? `${detail} (HTTP ${status})` : detail;
}
