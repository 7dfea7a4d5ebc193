import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  type ListObjectsV2CommandInput,
  type ListObjectsV2CommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Store, objectMetaFor } from '../../src/storage/index.js';

/**
 * A real client whose ListObjectsV2 answers come from `pages` (s3rver cannot paginate on Node 20:
 * its continuation tokens use DES, which OpenSSL 3 no longer provides).
 */
function clientServingPages(pages: { keys: string[]; next?: string }[]) {
  const requests: ListObjectsV2CommandInput[] = [];
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      if (context.commandName !== ListObjectsV2Command.name) throw new Error(`unexpected ${context.commandName}`);
      const input = args.input as ListObjectsV2CommandInput;
      requests.push(input);
      const index = input.ContinuationToken ? Number(input.ContinuationToken.slice('token-'.length)) : 0;
      const page = pages[index];
      if (!page) throw new Error(`no page ${index}`);
      const output: ListObjectsV2CommandOutput = {
        $metadata: {},
        Contents: page.keys.map((Key) => ({ Key })),
        IsTruncated: page.next !== undefined,
        NextContinuationToken: page.next,
      };
      return { output, response: {} };
    },
    { step: 'initialize', name: 'servePages' },
  );
  return { client, requests };
}

describe('createS3Store list pagination', () => {
  it('follows continuation tokens until the listing is complete, stripping the store prefix', async () => {
    const { client, requests } = clientServingPages([
      { keys: ['site/b.html', 'site/a/1.html'], next: 'token-1' },
      { keys: ['site/c.html'], next: 'token-2' },
      { keys: ['site/_feedwright/state.json'] },
    ]);
    const store = createS3Store({ client, bucket: 'feeds', prefix: 'site/', pageSize: 2 });
    expect(await store.list('')).toEqual(['_feedwright/state.json', 'a/1.html', 'b.html', 'c.html']);
    expect(requests.map((r) => [r.Bucket, r.Prefix, r.ContinuationToken, r.MaxKeys])).toEqual([
      ['feeds', 'site/', undefined, 2],
      ['feeds', 'site/', 'token-1', 2],
      ['feeds', 'site/', 'token-2', 2],
    ]);
  });

  it('asks S3 for the store prefix plus the list prefix', async () => {
    const { client, requests } = clientServingPages([{ keys: ['site/articles/x.html'] }]);
    const store = createS3Store({ client, bucket: 'feeds', prefix: 'site/' });
    expect(await store.list('articles/')).toEqual(['articles/x.html']);
    expect(requests[0]?.Prefix).toBe('site/articles/');
  });
});

/**
 * A tiny stand-in for the SDK client: `send` gets the command object and answers (or throws) like S3.
 * The one cast is here: the real `send` is generic over every command's output type.
 */
function fakeClient(answer: (command: unknown) => unknown): S3Client {
  return { send: async (command: unknown) => answer(command) } as unknown as S3Client;
}

/** An SDK-shaped service error: name plus `$metadata.httpStatusCode`. */
function serviceError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
}

describe('createS3Store listing guards', () => {
  it('throws on a page marked truncated that carries no continuation token, on every listing', async () => {
    let calls = 0;
    const client = fakeClient((command) => {
      if (!(command instanceof ListObjectsV2Command)) throw new Error('unexpected command');
      calls++;
      return { Contents: [{ Key: 'site/a.md', ETag: '"e"', Size: 1 }], IsTruncated: true };
    });
    const store = createS3Store({ client, bucket: 'feeds', prefix: 'site/' });
    for (const listing of [() => store.list(''), () => store.listVersions(''), () => store.scan('')]) {
      const error = await listing().catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'StorageError', location: { bucket: 'feeds', key: 'site/' } });
      expect((error as Error).message).toMatch(/^s3:\/\/feeds\/site\/: .*no continuation token/);
    }
    expect(calls).toBe(3);
  });

  it('leaves keys that are not valid keys out of output listings and reports them in scan', async () => {
    const client = fakeClient(() => ({
      Contents: [
        { Key: 'site/a.md', ETag: '"1"', Size: 3 },
        { Key: 'site/notes\\draft.md', ETag: '"2"', Size: 3 },
        { Key: 'site/drafts/', ETag: '"3"', Size: 0 },
        { Key: 'site/x/../y.md', ETag: '"4"', Size: 3 },
      ],
      IsTruncated: false,
    }));
    const store = createS3Store({ client, bucket: 'feeds', prefix: 'site/' });
    expect(await store.list('')).toEqual(['a.md']);
    expect(await store.listVersions('')).toEqual(new Map([['a.md', '"1":3']]));
    expect(await store.scan('')).toEqual({
      versions: new Map([['a.md', '"1":3']]),
      skipped: [
        { key: 'notes\\draft.md', reason: 'name is not a valid key: backslash' },
        { key: 'x/../y.md', reason: 'name is not a valid key: ".." segment' },
      ],
    });
  });

  it('with mustExist, refuses an empty prefix (a typo) instead of reading it as an empty site', async () => {
    const client = fakeClient(() => ({ Contents: [], IsTruncated: false }));
    const store = createS3Store({ client, bucket: 'feeds', prefix: 'seedz/', mustExist: true });
    await expect(store.scan('')).rejects.toThrow(/^s3:\/\/feeds\/seedz\/: no objects under this prefix/);
    await expect(store.list('articles/')).rejects.toThrow(/no objects under this prefix/);
    expect(await createS3Store({ client, bucket: 'feeds', prefix: 'seedz/' }).list('')).toEqual([]);
  });
});

describe('createS3Store conditional writes', () => {
  it('sends If-None-Match: * and If-Match: <etag>, and reads the ETag back as the version', async () => {
    const puts: PutObjectCommandInput[] = [];
    const client = fakeClient((command) => {
      if (command instanceof PutObjectCommand) return puts.push(command.input), { ETag: '"new"' };
      if (command instanceof GetObjectCommand) {
        return { ETag: '"abc"', Body: { transformToByteArray: async () => new TextEncoder().encode('{}') } };
      }
      throw new Error('unexpected command');
    });
    const store = createS3Store({ client, bucket: 'feeds', prefix: 'state/' });
    const meta = objectMetaFor('_feedwright/lease.json');
    expect(await store.readVersioned('lease.json')).toEqual({ bytes: new TextEncoder().encode('{}'), version: '"abc"' });
    expect(await store.writeIf('lease.json', 'a', meta, { ifNoneMatch: '*' })).toBe(true);
    expect(await store.writeIf('lease.json', 'b', meta, { ifMatch: '"abc"' })).toBe(true);
    expect(puts.map((p) => [p.Key, p.IfNoneMatch, p.IfMatch])).toEqual([
      ['state/lease.json', '*', undefined],
      ['state/lease.json', undefined, '"abc"'],
    ]);
  });

  it.each([
    ['PreconditionFailed', 412, { ifNoneMatch: '*' as const }],
    ['PreconditionFailed', 412, { ifMatch: '"old"' }],
    ['ConditionalRequestConflict', 409, { ifNoneMatch: '*' as const }],
    ['NoSuchKey', 404, { ifMatch: '"gone"' }],
  ])('answers false, not an error, to %s (HTTP %i)', async (name, status, condition) => {
    const store = createS3Store({ client: fakeClient(() => Promise.reject(serviceError(name, status))), bucket: 'feeds' });
    expect(await store.writeIf('lease.json', 'x', objectMetaFor('lease.json'), condition)).toBe(false);
  });

  it('still throws a StorageError for any other failure', async () => {
    const store = createS3Store({ client: fakeClient(() => Promise.reject(serviceError('AccessDenied', 403))), bucket: 'feeds', prefix: 'state/' });
    await expect(store.writeIf('lease.json', 'x', objectMetaFor('lease.json'), { ifNoneMatch: '*' })).rejects.toMatchObject({
      name: 'StorageError',
      location: { bucket: 'feeds', key: 'state/lease.json' },
      message: expect.stringMatching(/write failed: AccessDenied.*HTTP 403/),
    });
  });
});
