import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Store, createStore, objectMetaFor } from '../../src/storage/index.js';
import { describeStoreContract } from '../storage/store-contract.js';
import { startS3rver, TEST_BUCKET, type S3rverHandle } from './s3rver-server.js';

// Top-level await: the contract suite needs the server's port when it registers its tests.
const server = await startS3rver();
afterAll(async () => {
  await server.dispose();
});
const client = server.client();

describeStoreContract('s3 (s3rver)', {
  // A fresh prefix per test keeps tests independent inside one bucket.
  create: async () => createS3Store({ client, bucket: TEST_BUCKET, prefix: `contract/${randomUUID()}/` }),
  // s3rver 3.7 ignores If-None-Match / If-Match on PutObject (it overwrites and answers 200), so only the
  // "condition refused" cases are skipped; the strict memory store and the local store prove those.
  enforcesConditions: false,
});

describe('createS3Store against s3rver', () => {
  it('stores Content-Type and Cache-Control from the object meta', async () => {
    const store = createS3Store({ client, bucket: TEST_BUCKET, prefix: 'meta/' });
    await store.write('feed.xml', '<rss/>', objectMetaFor('feed.xml'));
    await store.write('digests/daily/2025-02-24.html', '<p/>', objectMetaFor('digests/daily/2025-02-24.html'));
    const feed = await client.send(new HeadObjectCommand({ Bucket: TEST_BUCKET, Key: 'meta/feed.xml' }));
    expect(feed.ContentType).toBe('application/rss+xml; charset=utf-8');
    expect(feed.CacheControl).toBe('public, max-age=900');
    const issue = await client.send(new HeadObjectCommand({ Bucket: TEST_BUCKET, Key: 'meta/digests/daily/2025-02-24.html' }));
    expect(issue.ContentType).toBe('text/html; charset=utf-8');
    expect(issue.CacheControl).toBe('public, max-age=31536000, immutable');
  });

  it('serves written objects over plain HTTP, byte for byte', async () => {
    const store = createS3Store({ client, bucket: TEST_BUCKET, prefix: 'http/' });
    await store.write('feed.json', '{"version":"https://jsonfeed.org/version/1.1"}', objectMetaFor('feed.json'));
    const response = await fetch(`${server.endpoint}/${TEST_BUCKET}/http/feed.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    expect(await response.text()).toBe('{"version":"https://jsonfeed.org/version/1.1"}');
  });

  it('sees only its own prefix of the bucket', async () => {
    const mine = createS3Store({ client, bucket: TEST_BUCKET, prefix: 'tenant-a/' });
    const theirs = createS3Store({ client, bucket: TEST_BUCKET, prefix: 'tenant-b/' });
    await mine.write('feed.xml', 'a', objectMetaFor('feed.xml'));
    await theirs.write('feed.xml', 'b', objectMetaFor('feed.xml'));
    await client.send(new PutObjectCommand({ Bucket: TEST_BUCKET, Key: 'tenant-ab/feed.xml', Body: 'ab' }));
    expect(await mine.list('')).toEqual(['feed.xml']);
    expect(new TextDecoder().decode((await mine.read('feed.xml')) ?? undefined)).toBe('a');
  });

  it('describes itself as an s3:// URL', () => {
    expect(createS3Store({ client, bucket: TEST_BUCKET, prefix: 'site/' }).description).toBe('s3://feeds/site/');
  });

  it('is what createStore builds for an s3:// location, using the endpoint from the env', async () => {
    const store = createStore(`s3://${TEST_BUCKET}/via-env/`, server.env);
    await store.write('index.html', '<h1>hi</h1>', objectMetaFor('index.html'));
    expect(await store.list('')).toEqual(['index.html']);
    const head = await client.send(new HeadObjectCommand({ Bucket: TEST_BUCKET, Key: 'via-env/index.html' }));
    expect(head.ContentType).toBe('text/html; charset=utf-8');
  });

  it('turns a missing bucket into a StorageError naming bucket and key, not into "absent"', async () => {
    const store = createS3Store({ client, bucket: 'no-such-bucket', prefix: 'site/' });
    const readError = await store.read('feed.xml').catch((e: unknown) => e);
    expect(readError).toMatchObject({ name: 'StorageError', location: { bucket: 'no-such-bucket', key: 'site/feed.xml' } });
    expect(String((readError as Error).message)).toContain('s3://no-such-bucket/site/feed.xml');
    expect((readError as Error).cause).toBeInstanceOf(Error);
    await expect(store.write('feed.xml', 'x', objectMetaFor('feed.xml'))).rejects.toMatchObject({
      name: 'StorageError',
      location: { bucket: 'no-such-bucket', key: 'site/feed.xml' },
    });
    await expect(store.list('')).rejects.toMatchObject({ name: 'StorageError', location: { bucket: 'no-such-bucket' } });
  });

  it('refuses a prefix that does not end in "/"', () => {
    expect(() => createS3Store({ client, bucket: TEST_BUCKET, prefix: 'site' })).toThrowError(
      expect.objectContaining({ name: 'StorageError' }),
    );
  });
});

describe('createS3Store when the server is down', () => {
  let down: S3rverHandle;
  beforeAll(async () => {
    down = await startS3rver();
    await down.stop();
  });
  afterAll(async () => {
    await down.dispose();
  });

  it('fails with a StorageError naming bucket and key after the retries', async () => {
    const store = createS3Store({ client: down.client({ maxAttempts: 2 }), bucket: TEST_BUCKET, prefix: 'site/' });
    const error = await store.write('feed.xml', 'x', objectMetaFor('feed.xml')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError', location: { bucket: TEST_BUCKET, key: 'site/feed.xml' } });
    expect((error as Error).message).toMatch(/^s3:\/\/feeds\/site\/feed\.xml: write failed: /);
  });
});
