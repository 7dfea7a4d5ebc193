import { rm } from 'node:fs/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createLocalStore, createS3Store, type Store } from '../../src/storage/index.js';
import { makeInputFolder, publishIsImplemented } from './s3-fixtures.js';
import { startS3rver, TEST_BUCKET, type S3rverHandle } from './s3rver-server.js';

const ready = await publishIsImplemented();
const config = parseConfig({ site: { baseUrl: 'https://news.example/' } });

// A run records, for each object it wrote, the version token the next run will trust. An object another
// client overwrites after this run's write but before the run ends must not be recorded as this run's.
describe.skipIf(!ready)('tokens of what a run wrote to S3 (s3rver)', () => {
  let server: S3rverHandle;
  let inputDir: string;

  beforeAll(async () => {
    server = await startS3rver();
    inputDir = await makeInputFolder();
  });
  afterAll(async () => {
    await server.dispose();
    await rm(inputDir, { recursive: true, force: true });
  });

  it('an object overwritten by another client while the run is still going is rewritten by the next run', async () => {
    const client = server.client();
    const output = createS3Store({ client, bucket: TEST_BUCKET, prefix: 'site/' });
    const state = createS3Store({ client, bucket: TEST_BUCKET, prefix: 'state/' });
    let overwritten = false;
    // Every other site write of the run comes after feed.xml's.
    const racing: Store = {
      ...output,
      write: async (key, body, meta) => {
        await output.write(key, body, meta);
        if (key === 'sitemap.xml' && !overwritten) {
          overwritten = true;
          await server.client().send(new PutObjectCommand({ Bucket: TEST_BUCKET, Key: 'site/feed.xml', Body: 'overwritten by someone else' }));
        }
      },
    };
    const publish = (store: Store, at: string) => publishSite({ config, input: createLocalStore(inputDir), output: store, state, clock: fixedClock(at), log: silentLogger });
    const first = await publish(racing, '2026-05-01T08:00:00Z');
    expect(overwritten).toBe(true);
    expect(first.written).toContain('feed.xml');
    const next = await publish(output, '2026-05-01T09:00:00Z');
    expect(next.written).toContain('feed.xml');
    expect(new TextDecoder().decode((await output.read('feed.xml')) ?? new Uint8Array())).toContain('<rss');
    // And the run after that, with nothing changed, writes nothing: the tokens a write returns are the ones a listing shows.
    const idle = await publish(output, '2026-05-01T10:00:00Z');
    expect(idle.written).toEqual([]);
  });
});
