import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocalStore } from '../../src/storage/index.js';
import { SEEDS_DIR, seedFunctionDeps } from '../support/function-deps.js';

// The handlers that build set the same V8 heap settings as `feedwright build`, so a deployed function
// keeps the memory the bench measures for the CLI (the flags themselves: test/process/heap-settings.test.ts).
const calls = vi.hoisted(() => ({ build: 0, listed: [] as number[] }));
vi.mock('../../src/process/heap-settings.js', () => ({
  useBuildHeap: () => void (calls.build += 1),
  useLargeSiteHeap: (sources: number) => void calls.listed.push(sources),
}));

const { createPublishHandler } = await import('../../functions/publish.js');
const { createRunHandler } = await import('../../functions/run.js');
const { createDigestHandler } = await import('../../functions/digest.js');
const { createWorkerHandler } = await import('../../functions/fanout-worker.js');
const { createFanoutPublishHandler } = await import('../../functions/fanout-publish.js');
const { buildFanoutDeps } = await import('../../functions/fanout-deps.js');

// Every article source in seeds/ (the sample articles); the handler must report this many.
const seedSources = (await createLocalStore(SEEDS_DIR).scan('')).versions;
const articleSources = [...seedSources.keys()].filter((k) => /\.(md|markdown|html?|json|txt)$/i.test(k)).length;

const deps = () => seedFunctionDeps();

beforeEach(() => {
  calls.build = 0;
  calls.listed = [];
});

describe('handlers that build set the build heap settings', () => {
  it('publish: before the run, and the large-site check once the input is listed', async () => {
    expect(articleSources).toBeGreaterThan(0);
    await createPublishHandler(deps)({});
    expect(calls.build).toBe(1);
    expect(calls.listed).toEqual([articleSources]);
  });

  it('run (publish action)', async () => {
    const result = await createRunHandler(deps)({ action: 'publish' });
    expect(result.ok).toBe(true);
    expect(calls.build).toBe(1);
    expect(calls.listed).toEqual([articleSources]);
  });

  it('digest', async () => {
    await createDigestHandler(deps)({ digest: 'daily', time: '2026-03-30T12:00:00Z' });
    expect(calls.build).toBe(1);
  });

  it('fan-out coordinator (a site within its budget is published in the invocation)', async () => {
    const env = { FEEDWRIGHT_FANOUT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/batches', FEEDWRIGHT_ASSEMBLE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/assemble', FEEDWRIGHT_FANOUT_BUDGET: '1000' };
    const noQueue = () => {
      throw new Error('a site within the budget sends nothing');
    };
    const fanoutDeps = buildFanoutDeps(deps(), env, noQueue as never);
    const report = await createFanoutPublishHandler(() => fanoutDeps)({});
    expect(report).toMatchObject({ action: 'publish', articles: expect.any(Number) });
    expect(calls.build).toBe(1);
    expect(calls.listed).toEqual([articleSources]);
  });

  it('fan-out worker, before anything else (even a bad event)', async () => {
    const worker = createWorkerHandler(() => {
      throw new Error('no deps here');
    });
    await expect(worker({})).rejects.toThrow('no deps here');
    expect(calls.build).toBe(1);
  });
});
