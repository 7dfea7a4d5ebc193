import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticArticle } from '../../bench/build/synthetic-corpus.js';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { WORK_PREFIX } from '../../src/fanout/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { OUTPUT_CLAIM_KEY } from '../../src/publish/state.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { createS3Store } from '../../src/storage/index.js';
import type { Store } from '../../src/storage/store.js';
import { startS3rver, TEST_BUCKET, type S3rverHandle } from '../integration/s3rver-server.js';
import { SimulatedKill, snapshot } from '../support/fanout-simulation.js';
import { simulateRenderFanout } from '../support/render-simulation.js';

const config = parseConfig({ site: { title: 'Render units on S3', baseUrl: 'https://s3units.example/' }, feed: { size: 4, archivePageSize: 3 } });
const clock = fixedClock('2026-06-01T00:00:00Z');

describe('render units against s3rver (site and state in one bucket, as on AWS)', () => {
  let server: S3rverHandle;
  beforeAll(async () => {
    server = await startS3rver();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('writes to S3 what one process writes, with a worker killed mid-unit and duplicate deliveries', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`2026/story-${i}.md`] = syntheticArticle(i);
    const store = (prefix: string) => createS3Store({ client: server.client(), bucket: TEST_BUCKET, prefix });
    const output = store('site/');
    const state = store('state/');
    let sends = 0;
    const sim = await simulateRenderFanout({
      config,
      input: createMemoryStore(files),
      output,
      state,
      clock,
      renderBudget: 6,
      pageBatch: 5,
      workers: 3,
      duplicate: () => ++sends % 2 === 0,
      workerOutput: (base: Store, attempt: number) =>
        attempt === 1 ? { ...base, write: async (key) => Promise.reject(new SimulatedKill(`killed writing ${key}`)) } : base,
    });
    expect(sim.killed).toBeGreaterThan(0);

    // The same publish in one process, on the same server: S3's version tokens (ETags) are recorded in
    // the state, so the state bytes can be compared too.
    const single = { output: store('single-site/'), state: store('single-state/') };
    const singleReport = await publishSite({ config, input: createMemoryStore(files), output: single.output, state: single.state, clock, log: silentLogger });
    expect(await snapshot(output)).toEqual(await snapshot(single.output));
    // The states differ only in the output each one's claim names (site/ and single-site/).
    const withoutClaim = (m: Map<string, string>) => new Map([...m].filter(([k]) => k !== OUTPUT_CLAIM_KEY));
    expect(withoutClaim(await snapshot(state, WORK_PREFIX))).toEqual(withoutClaim(await snapshot(single.state)));
    expect(new TextDecoder().decode((await state.read(OUTPUT_CLAIM_KEY)) ?? new Uint8Array())).toContain(`"output":"s3://${TEST_BUCKET}/site/"`);
    expect(sim.report.written).toEqual(singleReport.written);
    expect((await state.list(WORK_PREFIX)).length).toBeGreaterThan(0);
  }, 60_000);
});
