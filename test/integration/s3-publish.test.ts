import { rm } from 'node:fs/promises';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createLocalStore, createS3Store, type Store } from '../../src/storage/index.js';
import {
  changedKeys,
  editHarbourArticle,
  expectValidFeedsOverHttp,
  makeInputFolder,
  publishIsImplemented,
  snapshot,
} from './s3-fixtures.js';
import { startS3rver, TEST_BUCKET, type S3rverHandle } from './s3rver-server.js';

const ready = await publishIsImplemented();
const config = parseConfig({ site: { baseUrl: 'https://news.example/' } });

// The tests below are one story told in order: first publish, idle rerun, one edited article.
describe.skipIf(!ready)('publishSite into an S3 bucket (s3rver)', () => {
  let server: S3rverHandle;
  let inputDir: string;
  let output: Store;
  let state: Store;
  // The seeds grow over time; the count from the first run is what later checks compare with.
  let articleCount = 0;
  const publish = (at: string) =>
    publishSite({ config, input: createLocalStore(inputDir), output, state, clock: fixedClock(at), log: silentLogger });

  beforeAll(async () => {
    server = await startS3rver();
    inputDir = await makeInputFolder();
    // The site at the bucket root's `site/`, the state beside it under `state/`, as on AWS.
    output = createS3Store({ client: server.client(), bucket: TEST_BUCKET, prefix: 'site/' });
    state = createS3Store({ client: server.client(), bucket: TEST_BUCKET, prefix: 'state/' });
  });
  afterAll(async () => {
    await server.dispose();
    await rm(inputDir, { recursive: true, force: true });
  });

  it('publishes every object with the content type and cache control a CDN and a feed reader expect', async () => {
    const report = await publish('2026-05-01T08:00:00Z');
    expect(report.rejected).toEqual([]);
    // Every seed plus the two articles the fixture adds.
    expect(report.articles).toBeGreaterThanOrEqual(3);
    articleCount = report.articles;
    expect(await output.list('')).toEqual([...report.written].sort());
    expect([...report.stateWritten].sort()).toEqual((await state.list('')).filter((k) => k !== 'output-claim.json'));
    expect((await state.list('')).filter((k) => !k.startsWith('shards/'))).toEqual(['feed-content.json', 'last-run.json', 'output-claim.json', 'state.json']);
    expect((await state.list('shards/')).length).toBe(64);
    expect(report.written).toEqual(expect.arrayContaining(['feed.xml', 'atom.xml', 'feed.json', 'index.html']));
    expect(report.written.filter((k) => k.startsWith('articles/'))).toHaveLength(articleCount);

    const client = server.client();
    const head = (key: string) => client.send(new HeadObjectCommand({ Bucket: TEST_BUCKET, Key: key }));
    const byFileName: Record<string, [string, string]> = {
      'feed.xml': ['application/rss+xml; charset=utf-8', 'public, max-age=900'],
      'atom.xml': ['application/atom+xml; charset=utf-8', 'public, max-age=900'],
      'feed.json': ['application/feed+json; charset=utf-8', 'public, max-age=900'],
      'index.html': ['text/html; charset=utf-8', 'public, max-age=900'],
      'feed.xsl': ['text/xsl; charset=utf-8', 'public, max-age=900'],
      'robots.txt': ['text/plain; charset=utf-8', 'public, max-age=900'],
      'sitemap.xml': ['application/xml; charset=utf-8', 'public, max-age=900'],
    };
    for (const key of await state.list('')) {
      const object = await head(`state/${key}`);
      expect([key, object.ContentType, object.CacheControl]).toEqual([key, 'application/json; charset=utf-8', 'no-store']);
    }
    for (const key of await output.list('')) {
      const object = await head(`site/${key}`);
      const [contentType, cacheControl] = key.startsWith('articles/')
          ? ['text/html; charset=utf-8', 'public, max-age=86400']
          : /(^|\/)archive\/\d+\//.test(key)
            ? [(byFileName[key.slice(key.lastIndexOf('/') + 1)] ?? ['unexpected key'])[0], 'public, max-age=86400']
          : key.endsWith('.opml')
            ? ['text/x-opml; charset=utf-8', 'public, max-age=900']
            : (byFileName[key.slice(key.lastIndexOf('/') + 1)] ?? ['unexpected key', '']);
      expect([key, object.ContentType, object.CacheControl]).toEqual([key, contentType, cacheControl]);
    }
  });

  it('serves feeds over plain HTTP that independent parsers accept', async () => {
    await expectValidFeedsOverHttp(`${server.endpoint}/${TEST_BUCKET}/site/`, Math.min(articleCount, config.feed.size));
  });

  it('writes nothing when run again with no change, even later', async () => {
    const before = await snapshot(output);
    const report = await publish('2026-05-02T08:00:00Z');
    expect(report.written).toEqual([]);
    expect(report.deleted).toEqual([]);
    expect(report.unchanged).toBeGreaterThan(0);
    expect(changedKeys(before, await snapshot(output))).toEqual([]);
  });

  it('rewrites only the objects that depend on an edited article', async () => {
    const before = await snapshot(output);
    const articlePages = [...before.keys()].filter((k) => k.startsWith('articles/'));
    await editHarbourArticle(inputDir);

    const report = await publish('2026-05-03T08:00:00Z');
    const changed = changedKeys(before, await snapshot(output));

    // Exactly the objects whose bytes differ were written — no blind rewrites, no missed ones.
    expect([...report.written].sort()).toEqual(changed);
    const rewrittenPages = report.written.filter((k) => k.startsWith('articles/'));
    expect(rewrittenPages).toHaveLength(1);
    expect(rewrittenPages[0]).toMatch(/harbour-cranes/);
    expect(articlePages.filter((k) => !k.includes('harbour-cranes')).some((k) => report.written.includes(k))).toBe(false);
    expect(report.written).toEqual(expect.arrayContaining(['feed.xml', 'atom.xml', 'feed.json', 'index.html']));
    expect(report.stateWritten).toContain('state.json');
    expect(report.written).not.toContain('state.json');

    const bodies = await expectValidFeedsOverHttp(`${server.endpoint}/${TEST_BUCKET}/site/`, Math.min(articleCount, config.feed.size));
    expect(bodies['feed.xml']).toContain('second quay');
  });
});
