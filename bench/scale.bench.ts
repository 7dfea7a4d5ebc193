// Fan-out at scale, offline: a single-process cold build of N synthetic articles against the simulated
// fan-out (coordinator, workers with SQS semantics, assemble) over the same input, same bytes checked.
// Stores are in memory so the figures are compute, not disk or S3 latency (see the S3 bench for those).
//   npm run bench:scale                      # N = 100,000 (needs ~6 GB of heap: set below)
//   FEEDWRIGHT_SCALE_N=10000 npm run bench:scale
import { performance } from 'node:perf_hooks';
import { syntheticArticle } from './build/synthetic-corpus.js';
import { fixedClock } from '../src/clock/clock.js';
import { parseConfig } from '../src/config/config.js';
import { WORK_PREFIX } from '../src/fanout/index.js';
import { silentLogger } from '../src/publish/logger.js';
import { publishSite } from '../src/publish/publish.js';
import { createMemoryStore, type MemoryStore } from '../src/storage/memory-store.js';
import { simulateFanout } from '../test/support/fanout-simulation.js';

const N = Number(process.env.FEEDWRIGHT_SCALE_N ?? 100_000);
const BUDGET = Number(process.env.FEEDWRIGHT_SCALE_BUDGET ?? 2_000);
const BATCH = Number(process.env.FEEDWRIGHT_SCALE_BATCH ?? 500);
const WORKERS = Number(process.env.FEEDWRIGHT_SCALE_WORKERS ?? 50);
const config = parseConfig({ site: { title: 'Scale', baseUrl: 'https://scale.example/' } });
// The corpus dates one article per hour from 2025 (100,000 reach mid-2036): run after the last, so none is held back.
const clock = fixedClock('2037-01-01T00:00:00Z');

function corpus(): MemoryStore {
  const store = createMemoryStore();
  for (let i = 0; i < N; i++) store.objects.set(`story-${String(i).padStart(7, '0')}.md`, { body: new TextEncoder().encode(syntheticArticle(i)) });
  return store;
}

/** Greedy list scheduling of the measured unit times onto `workers` parallel invocations: the makespan. */
function makespan(durations: number[], workers: number): number {
  const free = Array.from({ length: workers }, () => 0);
  for (const d of durations) {
    let i = 0;
    for (let k = 1; k < free.length; k++) if ((free[k] as number) < (free[i] as number)) i = k;
    free[i] = (free[i] as number) + d;
  }
  return Math.max(...free);
}

async function digestOf(store: MemoryStore, skip?: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  for (const key of [...store.objects.keys()].sort()) {
    if (skip !== undefined && key.startsWith(skip)) continue;
    hash.update(key).update('\0').update(store.objects.get(key)?.body ?? new Uint8Array()).update('\0');
  }
  return hash.digest('hex');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

console.log(`fan-out bench: ${N.toLocaleString('en')} synthetic articles, budget ${BUDGET}, batches of ${BATCH}, ${WORKERS} workers`);

let single: { ms: number; output: string; state: string; articles: number };
{
  const input = corpus();
  const output = createMemoryStore();
  const state = createMemoryStore();
  const start = performance.now();
  const report = await publishSite({ config, input, output, state, clock, log: silentLogger });
  single = { ms: performance.now() - start, output: await digestOf(output), state: await digestOf(state), articles: report.articles };
  console.log(`single process: ${seconds(single.ms)} for ${report.articles} articles, ${report.written.length} objects`);
}

{
  const input = corpus();
  const output = createMemoryStore();
  const state = createMemoryStore();
  const start = performance.now();
  const sim = await simulateFanout({ config, input, output, state, clock, budget: BUDGET, batchSize: BATCH, workers: WORKERS });
  const simulatedMs = performance.now() - start;
  const of = (kind: string) => sim.invocations.filter((i) => i.kind === kind).map((i) => i.ms);
  const workers = of('worker');
  const coordinator = of('coordinator').reduce((a, b) => a + b, 0);
  const assemble = of('assemble').reduce((a, b) => a + b, 0);
  const total = sim.invocations.reduce((a, i) => a + i.ms, 0);
  const critical = coordinator + makespan(workers, WORKERS) + assemble;
  const sameOutput = (await digestOf(output)) === single.output;
  const sameState = (await digestOf(state, WORK_PREFIX)) === single.state;
  const perSource = workers.reduce((a, b) => a + b, 0) / N;
  console.log(`fan-out (simulated in one process, ${seconds(simulatedMs)} wall here):`);
  console.log(`  coordinator ${seconds(coordinator)}; ${workers.length} worker units, ${seconds(Math.min(...workers))}–${seconds(Math.max(...workers))} each, ${perSource.toFixed(2)} ms per source`);
  console.log(`  assemble ${seconds(assemble)} (${(assemble / N).toFixed(2)} ms per article: derive, render, write to memory, state)`);
  console.log(`  critical path with ${WORKERS} parallel workers: ${seconds(critical)}; total work ${seconds(total)}`);
  console.log(`  output equals the single-process build byte for byte: ${sameOutput}; state (without work/): ${sameState}; articles ${sim.report.articles} vs ${single.articles}`);
  console.log(`  peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  if (!sameOutput || !sameState) process.exitCode = 1;
}
