import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createLocalStore, createMemoryStore, createS3Store, type Store } from '../../src/storage/index.js';
import { editHarbourArticle, expectValidFeedsOverHttp, makeInputFolder, publishIsImplemented, snapshot } from './s3-fixtures.js';
import { startS3rver, TEST_BUCKET, type S3rverHandle } from './s3rver-server.js';

const ready = await publishIsImplemented();
const config = parseConfig({ site: { baseUrl: 'https://news.example/' } });

/** Passes writes through, but stops the server just before write number `after + 1`. */
function stopServerAfterWrites(inner: Store, server: S3rverHandle, after: number): Store {
  let writes = 0;
  return {
    description: inner.description,
    list: (prefix) => inner.list(prefix),
    listVersions: (prefix) => inner.listVersions(prefix),
    scan: (prefix) => inner.scan(prefix),
    read: (key) => inner.read(key),
    readVersioned: (key) => inner.readVersioned(key),
    writeIf: (key, body, meta, condition) => inner.writeIf(key, body, meta, condition),
    delete: (key) => inner.delete(key),
    async write(key, body, meta) {
      if (writes++ === after) await server.stop();
      return inner.write(key, body, meta);
    },
  };
}

function findInCauses(error: unknown, name: string): Error | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e.name === name) return e;
  return undefined;
}

describe.skipIf(!ready)('publishSite when S3 goes away midway', () => {
  let server: S3rverHandle;
  let inputDir: string;
  const clock = fixedClock('2025-03-03T08:00:00Z');
  let stateDir: string;
  const deps = (output: Store, state: Store = createLocalStore(stateDir)) => ({ config, input: createLocalStore(inputDir), output, state, clock, log: silentLogger });

  beforeAll(async () => {
    server = await startS3rver();
    inputDir = await makeInputFolder();
    stateDir = await mkdtemp(path.join(tmpdir(), 'feedwright-state-'));
  });
  afterAll(async () => {
    await server.dispose();
    await rm(inputDir, { recursive: true, force: true });
  });

  it('fails loudly, leaves the published feeds whole, and converges on the next run', async () => {
    const client = server.client({ maxAttempts: 2 });
    const bucketRoot = () => createS3Store({ client, bucket: TEST_BUCKET, prefix: '' });
    const first = await publishSite(deps(bucketRoot()), {});
    const items = Math.min(first.articles, config.feed.size);
    const v1 = await expectValidFeedsOverHttp(`${server.endpoint}/${TEST_BUCKET}/`, items);

    await editHarbourArticle(inputDir);
    const failure = await publishSite(deps(stopServerAfterWrites(bucketRoot(), server, 1)), {}).then(
      () => undefined,
      (error: unknown) => error,
    );
    const storageError = findInCauses(failure, 'StorageError');
    expect(storageError, String(failure)).toBeDefined();
    expect(storageError?.message).toMatch(/^s3:\/\/feeds\/\S+: write failed: /);
    expect(storageError).toMatchObject({ location: { bucket: TEST_BUCKET } });

    // Same folder, same port: the bucket as it was left when the server went away.
    server = await startS3rver({ directory: server.directory, port: server.port });
    const afterOutage = await expectValidFeedsOverHttp(`${server.endpoint}/${TEST_BUCKET}/`, items);

    const converged = await publishSite(deps(bucketRoot()), {});
    expect(converged.written.length).toBeGreaterThan(0);
    const v2 = await expectValidFeedsOverHttp(`${server.endpoint}/${TEST_BUCKET}/`, items);
    // Every feed a reader fetched during the outage was one whole version, old or new.
    for (const name of Object.keys(v2)) expect([v1[name], v2[name]]).toContain(afterOutage[name]);
    expect(v2['feed.xml']).toContain('second quay');

    // The bucket now holds exactly what a clean publish of the edited input produces.
    const clean = createMemoryStore();
    await publishSite(deps(clean, createMemoryStore()), {});
    expect(await snapshot(bucketRoot())).toEqual(await snapshot(clean));
    expect((await publishSite(deps(bucketRoot()), {})).written).toEqual([]);
  });
});
