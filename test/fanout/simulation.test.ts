import { describe, expect, it } from 'vitest';
import { syntheticArticle } from '../../bench/build/synthetic-corpus.js';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { WORK_PREFIX } from '../../src/fanout/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';
import { SimulatedKill, simulateFanout, snapshot } from '../support/fanout-simulation.js';

const config = parseConfig({ site: { title: 'Fan-out', baseUrl: 'https://fan.example/' }, feed: { size: 10, archivePageSize: 10 } });
const clock = fixedClock('2026-06-01T00:00:00Z');

function corpus(count: number, extra: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = { ...extra };
  for (let i = 0; i < count; i++) files[`story-${String(i).padStart(3, '0')}.md`] = syntheticArticle(i);
  // Sources the derive stage must see together whatever batch they land in: a duplicate id, a broken file.
  files['dup-a.md'] = '---\ntitle: First claimant\nid: urn:same\ndate: 2025-02-01\n---\n\nThe first body of the shared id.\n';
  files['dup-b.md'] = '---\ntitle: Second claimant\nid: urn:same\ndate: 2025-02-02\n---\n\nThe second body of the shared id.\n';
  files['broken.md'] = '---\ntitle: [unclosed\n---\n\nBody.\n';
  return files;
}

async function singleProcess(files: Record<string, string>) {
  const input = createMemoryStore(files);
  const output = createMemoryStore();
  const state = createMemoryStore();
  const report = await publishSite({ config, input, output, state, clock, log: silentLogger });
  return { report, output, state };
}

// Fails reads of one source every time: the batch holding it can never finish.
function poisoned(path: string): (input: Store) => Store {
  return (input) => ({
    ...input,
    async readVersioned(key) {
      if (key === path) throw new RangeError('the parser ran out of stack on this source');
      return input.readVersioned(key);
    },
  });
}

describe('fan-out simulation with SQS semantics', () => {
  it('publishes byte for byte what one process publishes, with duplicates, a killed worker and redeliveries', async () => {
    const files = corpus(40);
    const single = await singleProcess(files);

    const input = createMemoryStore(files);
    const output = createMemoryStore();
    const state = createMemoryStore();
    let duplicates = 0;
    const sim = await simulateFanout({
      config,
      input,
      output,
      state,
      clock,
      budget: 5,
      batchSize: 4,
      workers: 3,
      // On a first build every source is changed: the coordinator and the assemble step list the input
      // but never read a source, so every article must come from a stored batch output.
      coordinatorInput: {
        ...input,
        read: () => Promise.reject(new Error('the coordinator read a source')),
        readVersioned: () => Promise.reject(new Error('the coordinator read a source')),
      },
      // Every third send is delivered twice (at-least-once).
      duplicate: () => ++duplicates % 3 === 0,
      // The first attempt at every batch dies after reading two sources.
      workerInput: (base, attempt) => {
        if (attempt > 1) return base;
        let reads = 0;
        return {
          ...base,
          async readVersioned(key) {
            if (++reads > 2) throw new SimulatedKill('SIGKILL mid-batch');
            return base.readVersioned(key);
          },
        };
      },
    });

    expect(sim.coordinator.pending.batches).toBe(Math.ceil(43 / 4));
    expect(sim.deadLettered).toEqual([]);
    const runId = sim.coordinator.pending.runId;
    expect(await state.list(`${WORK_PREFIX}${runId}/parsed/`)).toHaveLength(sim.coordinator.pending.batches);
    expect(sim.invocations.filter((i) => i.kind === 'worker').length).toBeGreaterThan(sim.coordinator.pending.batches * 2 - 1);
    expect(await snapshot(output)).toEqual(await snapshot(single.output));
    expect(await snapshot(state, WORK_PREFIX)).toEqual(await snapshot(single.state));
    expect(sim.report.articles).toBe(single.report.articles);
    expect(sim.report.rejected).toEqual(single.report.rejected);
    expect(sim.report.rejected.map((r) => r.path)).toEqual(['broken.md', 'dup-b.md']);
  });

  it('splits a poison batch down to its poison source: only it is rejected, with its reason; everything else is published', async () => {
    const files = corpus(20, { 'poison.md': '---\ntitle: Poison\ndate: 2025-03-01\n---\n\nA body that a worker can never finish.\n' });
    const input = createMemoryStore(files);
    const output = createMemoryStore();
    const state = createMemoryStore();
    let sends = 0;
    const poison = poisoned('poison.md');
    const sim = await simulateFanout({
      config,
      input,
      output,
      state,
      clock,
      budget: 5,
      batchSize: 4,
      workers: 4,
      maxReceiveCount: 3,
      // Duplicates and a killed first attempt as above, on the halves too.
      duplicate: () => ++sends % 3 === 0,
      workerInput: (base, attempt) => {
        const withPoison = poison(base);
        if (attempt > 1) return withPoison;
        let reads = 0;
        return {
          ...withPoison,
          async readVersioned(key) {
            if (++reads > 2) throw new SimulatedKill('SIGKILL mid-batch');
            return withPoison.readVersioned(key);
          },
        };
      },
    });

    const runId = sim.coordinator.pending.runId;
    // 24 sources in batches of 4: the poison's batch splits into 2 + 2, and its half into 1 + 1.
    expect(sim.coordinator.pending.batches).toBe(6);
    expect(await state.list(`${WORK_PREFIX}${runId}/split/`)).toHaveLength(2);
    const failed = await state.list(`${WORK_PREFIX}${runId}/failed/`);
    expect(failed).toHaveLength(1);
    const record = JSON.parse(new TextDecoder().decode(await state.read(failed[0] ?? ''))) as { sources: { path: string }[] };
    expect(record.sources.map((s) => s.path)).toEqual(['poison.md']);

    const poisonRejections = sim.report.rejected.filter((r) => r.path === 'poison.md');
    expect(poisonRejections).toHaveLength(1);
    expect(poisonRejections[0]?.reason).toMatch(/alone in its batch, it failed 3 times and went to the dead-letter queue \(last error: RangeError: the parser ran out of stack on this source\)/);

    // Everything else is exactly the single-process build of the same input without the poison source.
    const { 'poison.md': _poison, ...rest } = files;
    const single = await singleProcess(rest);
    expect(await snapshot(output)).toEqual(await snapshot(single.output));
    expect(sim.report.articles).toBe(single.report.articles);
    expect(sim.report.rejected.filter((r) => r.path !== 'poison.md')).toEqual(single.report.rejected);
  });

  it('a later run over the same changes is the single-process path (nothing new is fanned out)', async () => {
    const files = corpus(12);
    const input = createMemoryStore(files);
    const output = createMemoryStore();
    const state = createMemoryStore();
    await simulateFanout({ config, input, output, state, clock, budget: 3, batchSize: 5, workers: 2 });
    const again = await publishSite({ config, input, output, state, clock, log: silentLogger });
    expect(again.written).toEqual([]);
  });
});
