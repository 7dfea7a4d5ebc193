import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

function s3Error(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

/**
 * An in-memory bucket behind the SDK's `send`, for what no S3 server here does: listings that end with
 * `IsTruncated` and no token (seen on some S3-compatible servers), and conditional writes
 * (`If-None-Match: *`, `If-Match`) enforced as S3 enforces them (412 PreconditionFailed).
 */
export function fakeS3(): { client: S3Client; objects: Map<string, Uint8Array>; breakListing(broken: boolean): void } {
  const objects = new Map<string, Uint8Array>();
  let broken = false;
  const etag = (body: Uint8Array) => `"${createHash('md5').update(body).digest('hex')}"`;
  const bodyOf = (bytes: Uint8Array) => ({
    transformToByteArray: async () => bytes.slice(),
    transformToString: async () => new TextDecoder().decode(bytes),
  });
  const send = async (command: unknown): Promise<unknown> => {
    if (command instanceof ListObjectsV2Command) {
      const { Prefix = '', MaxKeys = 1000, ContinuationToken } = command.input;
      const keys = [...objects.keys()].filter((k) => k.startsWith(Prefix)).sort();
      const start = ContinuationToken ? Number(ContinuationToken) : 0;
      if (broken) {
        // Half a listing that claims to go on, with nothing to go on with.
        const half = keys.slice(0, Math.ceil(keys.length / 2));
        return { Contents: half.map((Key) => ({ Key, ETag: etag(objects.get(Key) ?? new Uint8Array()), Size: objects.get(Key)?.length })), IsTruncated: true, KeyCount: half.length };
      }
      const page = keys.slice(start, start + MaxKeys);
      const more = start + MaxKeys < keys.length;
      return {
        Contents: page.map((Key) => ({ Key, ETag: etag(objects.get(Key) ?? new Uint8Array()), Size: objects.get(Key)?.length })),
        IsTruncated: more,
        ...(more ? { NextContinuationToken: String(start + MaxKeys) } : {}),
        KeyCount: page.length,
      };
    }
    if (command instanceof GetObjectCommand || command instanceof HeadObjectCommand) {
      const body = objects.get(command.input.Key ?? '');
      if (!body) throw s3Error(command instanceof GetObjectCommand ? 'NoSuchKey' : 'NotFound', 404);
      return { ETag: etag(body), ContentLength: body.length, ...(command instanceof GetObjectCommand ? { Body: bodyOf(body) } : {}) };
    }
    if (command instanceof PutObjectCommand) {
      const { Key = '', Body, IfNoneMatch, IfMatch } = command.input;
      const existing = objects.get(Key);
      if (IfNoneMatch === '*' && existing) throw s3Error('PreconditionFailed', 412);
      if (IfMatch !== undefined && (!existing || etag(existing) !== IfMatch)) throw s3Error(existing ? 'PreconditionFailed' : 'NoSuchKey', existing ? 412 : 404);
      const bytes = typeof Body === 'string' ? new TextEncoder().encode(Body) : Body instanceof Uint8Array ? Body.slice() : undefined;
      if (!bytes) throw new Error('fake S3 takes string or Uint8Array bodies only');
      objects.set(Key, bytes);
      return { ETag: etag(bytes) };
    }
    if (command instanceof DeleteObjectCommand) {
      objects.delete(command.input.Key ?? '');
      return {};
    }
    if (command instanceof CopyObjectCommand) {
      const source = decodeURIComponent((command.input.CopySource ?? '').split('/').slice(1).join('/'));
      const body = objects.get(source);
      if (!body) throw s3Error('NoSuchKey', 404);
      objects.set(command.input.Key ?? '', body.slice());
      return { CopyObjectResult: { ETag: etag(body) } };
    }
    throw new Error(`fake S3: unsupported command ${(command as object).constructor.name}`);
  };
  return { client: { send } as unknown as S3Client, objects, breakListing: (b) => void (broken = b) };
}
