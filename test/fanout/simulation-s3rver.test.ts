import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticArticle } from '../../bench/build/synthetic-corpus.js';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { createS3Store } from '../../src/storage/index.js';
import { startS3rver, TEST_BUCKET, type S3rverHandle } from '../integration/s3rver-server.js';
import { SimulatedKill, simulateFanout, snapshot } from '../support/fanout-simulation.js';

const config = parseConfig({ site: { title: 'Fan-out on S3', baseUrl: 'https://s3fan.example/' }, feed: { size: 5, archivePageSize: 5 } });
const clock = fixedClock('2026-06-01T00:00:00Z');

describe('fan-out simulation against s3rver (input, site and state in one bucket, as on AWS)', () => {
  let server: S3rverHandle;
  beforeAll(async () => {
    server = await startS3rver();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('publishes to S3 what one process publishes, with a worker killed mid-batch and duplicate deliveries', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 14; i++) files[`2026/story-${i}.md`] = syntheticArticle(i);
    const store = (prefix: string) => createS3Store({ client: server.client(), bucket: TEST_BUCKET, prefix });
    const input = store('input/');
    for (const [key, body] of Object.entries(files)) await input.write(key, body, { contentType: 'text/markdown', cacheControl: 'no-store' });
    const output = store('site/');
    const state = store('state/');
    let sends = 0;
    const sim = await simulateFanout({
      config,
      input,
      output,
      state,
      clock,
      budget: 4,
      batchSize: 3,
      workers: 3,
      duplicate: () => ++sends % 2 === 0,
      workerInput: (base, attempt) => (attempt === 1 ? { ...base, readVersioned: async () => Promise.reject(new SimulatedKill('killed')) } : base),
    });
    expect(sim.coordinator.pending.batches).toBe(5);
    expect(sim.deadLettered).toEqual([]);

    const single = createMemoryStore();
    await publishSite({ config, input: createMemoryStore(files), output: single, state: createMemoryStore(), clock, log: silentLogger });
    expect(await snapshot(output)).toEqual(await snapshot(single));
    expect(sim.report.articles).toBe(14);
  }, 60_000);
});
