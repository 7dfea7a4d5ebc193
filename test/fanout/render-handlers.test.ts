import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { syntheticArticle } from '../../bench/build/synthetic-corpus.js';
import { fixedClock } from '../../src/clock/clock.js';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { createJsonLogger } from '../../functions/log.js';
import { buildFanoutDeps } from '../../functions/fanout-deps.js';
import { createAssembleHandler, createFanoutPublishHandler } from '../../functions/fanout-publish.js';
import { createWorkerHandler } from '../../functions/fanout-worker.js';
import { fanoutRenderer } from '../../functions/render-fanout.js';
import { snapshot } from '../support/fanout-simulation.js';

const BATCH_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/feedwright-dev-fanout';
const ASSEMBLE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/feedwright-dev-fanout-assemble';
const sqs = mockClient(SQSClient);
const clock = fixedClock('2026-06-01T00:00:00Z');
const config = parseConfig({ site: { title: 'Render handlers', baseUrl: 'https://rh.example/' }, feed: { size: 4, archivePageSize: 3 } });
const env = { FEEDWRIGHT_FANOUT_QUEUE_URL: BATCH_URL, FEEDWRIGHT_ASSEMBLE_QUEUE_URL: ASSEMBLE_URL };

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  sqs.on(SendMessageCommand).resolves({});
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function setup() {
  const files: Record<string, string> = {};
  for (let i = 0; i < 10; i++) files[`s-${i}.md`] = syntheticArticle(i);
  const output = createMemoryStore();
  const state = createMemoryStore();
  const log = createJsonLogger(() => {});
  const deps = buildFanoutDeps({ config, input: createMemoryStore(files), output, state, clock, log }, env, new SQSClient({ region: 'us-east-1' }));
  return { files, output, deps, log };
}

describe('render fan-out in the Lambda handlers (SQS mocked)', () => {
  it('is off unless FEEDWRIGHT_RENDER_BUDGET is set, and refuses a bad value naming it', () => {
    const { deps } = setup();
    expect(fanoutRenderer(deps, {})).toBeUndefined();
    expect(fanoutRenderer(deps, { FEEDWRIGHT_RENDER_BUDGET: '100' })).toBeDefined();
    expect(() => fanoutRenderer(deps, { FEEDWRIGHT_RENDER_BUDGET: 'lots' })).toThrow(ConfigError);
    expect(() => fanoutRenderer(deps, { FEEDWRIGHT_RENDER_BUDGET: '9', FEEDWRIGHT_RENDER_PAGE_BATCH: '0' })).toThrow(/FEEDWRIGHT_RENDER_PAGE_BATCH/);
  });

  it('publish stops after sending stage 1; workers write units; assemble goes stage by stage to the same site', async () => {
    vi.stubEnv('FEEDWRIGHT_RENDER_BUDGET', '5');
    vi.stubEnv('FEEDWRIGHT_RENDER_PAGE_BATCH', '4');
    const { files, output, deps, log } = setup();
    const worker = createWorkerHandler(() => deps);
    const assemble = createAssembleHandler(() => deps, log);

    let answer = await createFanoutPublishHandler(() => deps, log)({});
    expect(answer).toMatchObject({ action: 'publish', pending: { batches: 3, enqueued: true } });
    expect([...output.objects.keys()]).toEqual([]);
    let units = 0;
    let requests = 0;
    const stops: number[] = [];
    for (let round = 0; round < 8 && 'pending' in answer; round++) {
      stops.push(answer.pending.batches);
      const entries = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries ?? []).slice(units);
      units += entries.length;
      expect(await worker({ Records: entries.map((e, i) => ({ messageId: `u${i}`, body: e.MessageBody ?? '' })) })).toEqual({ batchItemFailures: [] });
      const bodies = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.MessageBody ?? '').slice(requests);
      requests += bodies.length;
      // The worker that stores a stage's last unit asks for the coordinator, once.
      expect(bodies).toHaveLength(1);
      answer = await assemble({ Records: bodies.map((body, i) => ({ messageId: `a${i}`, body })) });
    }
    // 10 pages in units of 4; the site feed's 2 archive pages, then the index's 2 older pages (3 items
    // each, a feed's two newest together); 8 categories (science and technology: 2 stories, the others
    // 1), current documents and first page together, packed by 4 items; the site; sitemap and robots.txt.
    expect(stops).toEqual([3, 2, 4, 1, 1]);
    expect(answer).toMatchObject({ action: 'publish', articles: 10 });

    const single = createMemoryStore();
    await publishSite({ config, input: createMemoryStore(files), output: single, state: createMemoryStore(), clock, log: silentLogger });
    expect(await snapshot(output)).toEqual(await snapshot(single));
  });
});
