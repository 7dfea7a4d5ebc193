import {
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  type ListObjectsV2CommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Store } from '../../src/storage/index.js';

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
