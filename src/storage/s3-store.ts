import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { validateKey, validatePrefix } from './object-key.js';
import { StorageError, type Store } from './store.js';

export interface S3StoreOptions {
  /** Injected so tests (and the Lambda cold start) decide endpoint, credentials and retries. */
  client: S3Client;
  bucket: string;
  /** Key prefix inside the bucket: `''` or ending in `/`. */
  prefix?: string;
  /** ListObjectsV2 page size; S3 caps it at 1000. Small values let tests exercise pagination. */
  pageSize?: number;
}

/** A bucket (or a prefix of one) as a store. Every SDK failure becomes a StorageError naming bucket and key. */
export function createS3Store(options: S3StoreOptions): Store {
  const { client, bucket, pageSize } = options;
  const prefix = validatePrefix(options.prefix ?? '');
  if (prefix !== '' && !prefix.endsWith('/')) {
    throw new StorageError(`s3://${bucket}/${prefix}: prefix must end with "/"`, { bucket, key: prefix });
  }
  const fail = (action: string, key: string, cause: unknown): never => {
    throw new StorageError(`s3://${bucket}/${key}: ${action} failed: ${describeError(cause)}`, { bucket, key }, { cause });
  };

  const store: Store = {
    description: `s3://${bucket}/${prefix}`,

    async list(listPrefix) {
      return [...(await store.listVersions(listPrefix)).keys()];
    },

    async listVersions(listPrefix) {
      const fullPrefix = prefix + validatePrefix(listPrefix);
      const keys: [string, string][] = [];
      let token: string | undefined;
      try {
        do {
          const page = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: fullPrefix, ContinuationToken: token, MaxKeys: pageSize }),
          );
          for (const object of page.Contents ?? []) {
            // The ETag changes with the bytes; the size is added because multipart ETags are per-part hashes.
            if (object.Key !== undefined) keys.push([object.Key.slice(prefix.length), `${object.ETag ?? ''}:${object.Size ?? ''}`]);
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
      } catch (cause) {
        fail('list', fullPrefix, cause);
      }
      return new Map(keys.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },

    async read(key) {
      const fullKey = prefix + validateKey(key);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: fullKey }));
        if (!object.Body) return new Uint8Array();
        return await object.Body.transformToByteArray();
      } catch (cause) {
        // Only a missing key is "absent"; a missing bucket or denied access must not look like an empty site.
        if (errorName(cause) === 'NoSuchKey') return null;
        return fail('read', fullKey, cause);
      }
    },

    async write(key, body, meta) {
      const fullKey = prefix + validateKey(key);
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: fullKey,
            Body: bytes,
            // Explicit, so an empty body is not mistaken for a stream of unknown length.
            ContentLength: bytes.byteLength,
            ContentType: meta.contentType,
            CacheControl: meta.cacheControl,
          }),
        );
      } catch (cause) {
        fail('write', fullKey, cause);
      }
    },

    async delete(key) {
      const fullKey = prefix + validateKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: fullKey }));
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

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const metadata: unknown = '$metadata' in error ? error.$metadata : undefined;
  const status =
    typeof metadata === 'object' && metadata !== null && 'httpStatusCode' in metadata ? metadata.httpStatusCode : undefined;
  const detail = error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
  return typeof status === 'number' ? `${detail} (HTTP ${status})` : detail;
}
