// Fan-out at scale, offline: a single-process cold build of N synthetic articles against the simulated
// fan-out (coordinator, workers with SQS semantics, assemble) over the same input, same bytes checked;
// then an estimate for FEEDWRIGHT_SCALE_TARGET articles (1,000,000) and FEEDWRIGHT_SCALE_FEEDS feeds on
// AWS from the measured per-unit CPU costs. Stores are in memory so the figures are compute, not disk or
// S3 latency (see the S3 bench for those; the estimate adds an assumed S3 latency).
//   npm run bench:scale                      # N = 100,000 (needs ~6 GB of heap: set below)
//   FEEDWRIGHT_SCALE_N=10000 npm run bench:scale
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { syntheticArticle } from './build/synthetic-corpus.js';
import { fixedClock } from '../src/clock/clock.js';
import { parseConfig } from '../src/config/config.js';
import { FanoutPending, WORK_PREFIX, createStoredUnitsRenderer, runRenderMessage } from '../src/fanout/index.js';
import { silentLogger } from '../src/publish/logger.js';
import { publishSite } from '../src/publish/publish.js';
import { type ProcessedBatch, type SourceProcessor, inProcessSources, releaseProcessedContent } from '../src/publish/source-processor.js';
import type { RenderJob } from '../src/publish/render-runner.js';
import { createMemoryStore, type MemoryStore } from '../src/storage/memory-store.js';
import { simulateFanout } from '../test/support/fanout-simulation.js';

const N = Number(process.env.FEEDWRIGHT_SCALE_N ?? 100_000);
const BUDGET = Number(process.env.FEEDWRIGHT_SCALE_BUDGET ?? 2_000);
const BATCH = Number(process.env.FEEDWRIGHT_SCALE_BATCH ?? 500);
const WORKERS = Number(process.env.FEEDWRIGHT_SCALE_WORKERS ?? 50);
const PAGE_BATCH = Number(process.env.FEEDWRIGHT_SCALE_PAGE_BATCH ?? 2_000);
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

// --- The AWS estimate, from the per-unit costs measured below ---
// Prices (us-east-1), as published on the AWS pricing pages (aws.amazon.com/lambda/pricing,
// /sqs/pricing, /step-functions/pricing, /s3/pricing); read from stored copies, not re-checked live.
const PRICE = {
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  sqsRequest: 0.4 / 1e6,
  stateTransition: 0.025 / 1000,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
};
const TARGET = Number(process.env.FEEDWRIGHT_SCALE_TARGET ?? 1_000_000);
// One Lambda vCPU-equivalent (1,769 MB) against one core of this machine: assumed up to 1.5x slower. The
// functions have 1,024 MB, so about 58% of that vCPU: a unit takes 1.5 / 0.58 = 2.6x its time here.
const LAMBDA_SLOWER = 1.5;
const FUNCTION_MB = 1024;
const SLOWDOWN = LAMBDA_SLOWER / Math.min(1, FUNCTION_MB / 1769);
// The coordinator of a million-article rebuild needs ~6 GB (serverless.yml's coordinatorMemory): a whole vCPU.
const COORDINATOR_MB = 6144;
const COORDINATOR_SLOWDOWN = LAMBDA_SLOWER / Math.min(1, COORDINATOR_MB / 1769);
// Stores here are in memory: on AWS a worker also waits for S3, ~30 ms a GET (assumed), 16 at a time
// (src/fanout/batch-unit.ts), plus its job, its output and its cold start (~0.3 s together).
const S3_GET_MS = 30;
const READS_AT_ONCE = 16;
const WORKER_OVERHEAD_MS = 300;
const FEEDS = Number(process.env.FEEDWRIGHT_SCALE_FEEDS ?? 10_000);
// RSS, Atom and JSON Feed for every feed.
const FEED_FORMATS = 3;
// Child executions of the Distributed Map get this many batches each (ItemBatcher), and each costs about
// 3 state transitions (start, the Process task, end); the parent adds ~6 (map, leftovers, assemble, …).
const BATCHES_PER_CHILD = 4;

interface UnitCosts {
  coordinatorMsPerArticle: number;
  workerMsPerSource: number;
  assembleMsPerArticle: number;
  objectsPerArticle: number;
}

function estimate(units: UnitCosts): string[] {
  const batches = Math.ceil(TARGET / BATCH);
  const workerMs = units.workerMsPerSource * BATCH * SLOWDOWN + (BATCH / READS_AT_ONCE) * S3_GET_MS + WORKER_OVERHEAD_MS;
  const workerGbS = (batches * workerMs * FUNCTION_MB) / 1024 / 1000;
  const fanoutWall = units.coordinatorMsPerArticle * TARGET * SLOWDOWN + makespan(Array.from({ length: batches }, () => workerMs), WORKERS);
  const assembleMs = units.assembleMsPerArticle * TARGET * SLOWDOWN;
  // Pages and listings scale with the articles (as measured); every feed adds its documents on top.
  const puts = units.objectsPerArticle * TARGET + FEEDS * FEED_FORMATS + 2 * batches;
  const gets = TARGET + 3 * batches;
  const sqsRequests = Math.ceil(batches / 10) + 3 * batches;
  const transitions = Math.ceil(batches / BATCHES_PER_CHILD) * 3 + 6;
  const cost = {
    workers: workerGbS * PRICE.lambdaArmGbSecond + batches * PRICE.lambdaRequest,
    sqs: sqsRequests * PRICE.sqsRequest,
    stepFunctions: transitions * PRICE.stateTransition,
    s3: puts * PRICE.s3Put + gets * PRICE.s3Get,
  };
  const usd = (n: number) => `$${n.toFixed(n < 1 ? 3 : 2)}`;
  return [
    `estimate for ${TARGET.toLocaleString('en')} articles and ${FEEDS.toLocaleString('en')} feeds on AWS (a unit ${SLOWDOWN.toFixed(1)}x its time here: ${FUNCTION_MB} MB functions; ${WORKERS} workers):`,
    `  parse+summarize fan-out: ${batches.toLocaleString('en')} worker invocations of ~${seconds(workerMs)}; coordinator + workers ${seconds(fanoutWall)} wall; ${Math.round(workerGbS).toLocaleString('en')} GB-s = ${usd(cost.workers)}`,
    `  SQS path: ~${sqsRequests.toLocaleString('en')} requests = ${usd(cost.sqs)}; Step Functions path: ~${transitions.toLocaleString('en')} state transitions = ${usd(cost.stepFunctions)}`,
    `  assemble (derive, render, write; in one process, before render units): ${seconds(assembleMs)} of CPU, ${usd((assembleMs / 1000) * (FUNCTION_MB / 1024) * PRICE.lambdaArmGbSecond)}; S3 ~${Math.round(puts).toLocaleString('en')} PUTs + ${gets.toLocaleString('en')} GETs = ${usd(cost.s3)}`,
  ];
}

console.log(`fan-out bench: ${N.toLocaleString('en')} synthetic articles, budget ${BUDGET}, batches of ${BATCH}, ${WORKERS} workers`);

const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

let single: { ms: number; cpuMs: number; output: string; state: string; articles: number; objects: number };
{
  const input = corpus();
  const output = createMemoryStore();
  const state = createMemoryStore();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const report = await publishSite({ config, input, output, state, clock, log: silentLogger });
  const ms = performance.now() - start;
  single = { ms, cpuMs: cpuSince(cpu), output: await digestOf(output), state: await digestOf(state), articles: report.articles, objects: report.written.length };
  console.log(`single process: ${seconds(single.ms)} wall, ${seconds(single.cpuMs)} CPU for ${report.articles} articles, ${report.written.length} objects`);
}

{
  const input = corpus();
  const output = createMemoryStore();
  const state = createMemoryStore();
  const start = performance.now();
  const sim = await simulateFanout({ config, input, output, state, clock, budget: BUDGET, batchSize: BATCH, workers: WORKERS });
  const simulatedMs = performance.now() - start;
  // Both clocks: wall time is what a run takes here, CPU time is steadier on this shared machine (the
  // stores are in memory, so a unit waits for nothing but the CPU) and is what the estimate scales.
  const figures = (clock: 'ms' | 'cpuMs') => {
    const of = (kind: string) => sim.invocations.filter((i) => i.kind === kind).map((i) => i[clock]);
    const workers = of('worker');
    const coordinator = of('coordinator').reduce((a, b) => a + b, 0);
    const assemble = of('assemble').reduce((a, b) => a + b, 0);
    const total = sim.invocations.reduce((a, i) => a + i[clock], 0);
    return { workers, coordinator, assemble, total, critical: coordinator + makespan(workers, WORKERS) + assemble, perSource: workers.reduce((a, b) => a + b, 0) / N };
  };
  const sameOutput = (await digestOf(output)) === single.output;
  const sameState = (await digestOf(state, WORK_PREFIX)) === single.state;
  console.log(`fan-out (simulated in one process, ${seconds(simulatedMs)} wall here):`);
  for (const [label, clockName] of [
    ['wall', 'ms'],
    ['CPU', 'cpuMs'],
  ] as const) {
    const f = figures(clockName);
    console.log(
      `  ${label}: coordinator ${seconds(f.coordinator)}; ${f.workers.length} worker units, ${seconds(Math.min(...f.workers))}–${seconds(Math.max(...f.workers))} each (${f.perSource.toFixed(2)} ms per source); assemble ${seconds(f.assemble)} (${(f.assemble / N).toFixed(2)} ms per article)`,
    );
    console.log(`  ${label}: critical path with ${WORKERS} parallel workers ${seconds(f.critical)}; total work ${seconds(f.total)} (single process ${seconds(clockName === 'ms' ? single.ms : single.cpuMs)})`);
  }
  console.log(`  output equals the single-process build byte for byte: ${sameOutput}; state (without work/): ${sameState}; articles ${sim.report.articles} vs ${single.articles}`);
  console.log(`  peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  const cpu = figures('cpuMs');
  const units: UnitCosts = { coordinatorMsPerArticle: cpu.coordinator / N, workerMsPerSource: cpu.perSource, assembleMsPerArticle: cpu.assemble / N, objectsPerArticle: single.objects / N };
  console.log(
    `per unit (CPU): coordinator ${(units.coordinatorMsPerArticle * 1000).toFixed(1)} µs per article; worker ${units.workerMsPerSource.toFixed(2)} ms per source; assemble ${units.assembleMsPerArticle.toFixed(2)} ms and ${units.objectsPerArticle.toFixed(2)} objects per article`,
  );
  for (const line of estimate(units)) console.log(line);
  if (!sameOutput || !sameState) process.exitCode = 1;
}

// Render units: the same site rendered and written as stored units (FEEDWRIGHT_RENDER_BUDGET past, pages
// in units of PAGE_BATCH): what each unit stores and reads, and its CPU time, stage by stage. Returns
// each stage's unit times and the coordinator's figures; `reads`: sources the coordinator read itself.
async function renderUnits(n: number, makeCorpus: () => MemoryStore, singleOutput: string, scaleToTarget: boolean): Promise<{ unitMs: number[][]; coordinatorReads: number; same: boolean }> {
  let job: RenderJob | undefined;
  // The coordinator's memory: what it holds once the site is prepared (after a full collection), and the
  // heap sampled while it plans and stores every unit's input (garbage included: an upper bound).
  const gc = (globalThis as { gc?: () => void }).gc;
  let retained = 0;
  // CPU until the render is asked for: what every coordinator invocation spends preparing the site (the
  // state is written once, by the last one, after the render: measured apart).
  let preparedAt: NodeJS.CpuUsage | undefined;
  const capture = {
    render: async (j: RenderJob) => {
      job = j;
      preparedAt = process.cpuUsage();
      gc?.();
      retained = process.memoryUsage().heapUsed;
      return { written: [], unchanged: 0, hashes: {}, signatures: {} };
    },
  };
  const input = makeCorpus();
  // Sources the coordinator reads itself (not its workers): counted while it prepares, plans and stores.
  let coordinatorReads = 0;
  let counting = true;
  const coordinatorInput: MemoryStore = {
    ...input,
    read: (key: string) => {
      if (counting && key.endsWith('.md')) coordinatorReads++;
      return input.read(key);
    },
  };
  const baseline = (gc?.(), process.memoryUsage().heapUsed);
  // The coordinator's side of a fanned-out parse: the workers' batch outputs (made here, their CPU left
  // out) are read back as JSON, as the coordinator reads the stored ones, each batch's HTML dropped.
  let workersMs = 0;
  const storedOutputs: SourceProcessor = {
    async process(from, sources, request, options = {}) {
      const cpu = process.cpuUsage();
      counting = false;
      const texts: string[] = [];
      for (let i = 0; i < sources.length; i += BATCH) texts.push(JSON.stringify(await inProcessSources.process(from, sources.slice(i, i + BATCH), request)));
      workersMs += cpuSince(cpu);
      counting = true;
      const all: ProcessedBatch = { processed: [], unreadable: [] };
      for (const text of texts.splice(0)) {
        const batch = JSON.parse(text) as ProcessedBatch;
        if (options.releaseContent) for (const source of batch.processed) releaseProcessedContent(source, request.siteUrl);
        all.processed.push(...batch.processed);
        all.unreadable.push(...batch.unreadable);
      }
      return all;
    },
  };
  const prepareCpu = process.cpuUsage();
  // As past the default `contentInMemory` (a million-article coordinator): no article HTML kept but the feed members'.
  await publishSite({ config, input: coordinatorInput, output: createMemoryStore(), state: createMemoryStore(), clock, log: silentLogger, renderer: capture, processor: storedOutputs, contentInMemory: 0 });
  if (!job || !preparedAt) throw new Error('publishSite did not render');
  const afterRender = process.cpuUsage(preparedAt);
  const stateMs = (afterRender.user + afterRender.system) / 1000;
  const prepareMs = cpuSince(prepareCpu) - workersMs - stateMs;
  const store = createMemoryStore();
  let peakHeap = 0;
  // Sampled as the coordinator stores unit inputs (its work is synchronous between writes: a timer would not fire).
  const work: MemoryStore = {
    ...store,
    write: (...args: Parameters<MemoryStore['write']>) => {
      peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
      return store.write(...args);
    },
  };
  const output = createMemoryStore();
  const sent: { runId: string; batch: number }[] = [];
  const queue = { enqueueBatches: async (m: { runId: string; batch: number }[]) => void sent.push(...m), requestAssemble: async () => {} };
  const renderer = createStoredUnitsRenderer({ work, queue, budget: 1, pageBatch: PAGE_BATCH, now: clock });
  let coordinatorMs = 0;
  const unitMs: number[][] = [];
  for (;;) {
    const cpu = process.cpuUsage();
    try {
      await renderer.render({ ...job, present: new Set(output.objects.keys()) }, { output, log: silentLogger });
      coordinatorMs += cpuSince(cpu);
      break;
    } catch (error) {
      coordinatorMs += cpuSince(cpu);
      if (!(error instanceof FanoutPending)) throw error;
    }
    const times: number[] = [];
    for (const m of sent.splice(0)) {
      const cpu = process.cpuUsage();
      await runRenderMessage({ work, queue, output, input }, m.runId, m.batch);
      times.push(cpuSince(cpu));
    }
    unitMs.push(times);
  }
  const inputs: number[][] = unitMs.map(() => []);
  for (const [key, object] of work.objects) {
    const stage = /\/inputs\/(\d+)\//.exec(key)?.[1];
    if (stage !== undefined) inputs[Number(stage) - 1]?.push(object.body.byteLength);
  }
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  console.log(
    `render units (pages in units of ${PAGE_BATCH}; CPU): coordinator ${seconds(prepareMs)} to prepare the site from the stored batch outputs (every invocation), ${seconds(coordinatorMs)} to plan it and store every unit's input (once), ${seconds(stateMs)} to list, delete and write the state after the render (once, the last invocation)`,
  );
  // The stores are in this process: the work objects and the output are left out of the coordinator's share.
  const held = retained - baseline;
  console.log(
    gc
      ? `  coordinator memory: ${mb(held)} held once the site is prepared (${((held / n) / 1000).toFixed(2)} KB per article; article HTML kept for ${job.articles.filter((a) => a.item.contentHtml !== '').length} articles; ${coordinatorReads} sources read by the coordinator itself); heap sampled while storing the units ${mb(peakHeap)} (the in-memory stores and garbage included)`
      : '  coordinator memory: run with --expose-gc (npm run bench:scale does) to measure it',
  );
  unitMs.forEach((times, i) => {
    const sizes = inputs[i] ?? [];
    console.log(
      `  stage ${i + 1}: ${times.length} units, ${seconds(Math.min(...times))}–${seconds(Math.max(...times))} each; stored input largest ${mb(Math.max(...sizes))}, all ${mb(sizes.reduce((a, b) => a + b, 0))}`,
    );
  });
  const same = (await digestOf(output)) === singleOutput;
  console.log(`  output equals the single-process build byte for byte: ${same}`);
  // At TARGET articles: stages 1 and 2 grow with the articles (more units of the same size), the
  // others with the feeds; the coordinator's planning and storing grows with the articles.
  if (!scaleToTarget) return { unitMs, coordinatorReads, same };
  const scale = TARGET / n;
  const grown = unitMs.map((times, i) => (i < 2 ? Array.from({ length: Math.ceil(times.length * scale) }, (_, k) => times[k % times.length] as number) : times));
  const stagesWall = grown.reduce((a, times) => a + makespan(times.map((t) => t * SLOWDOWN + WORKER_OVERHEAD_MS), WORKERS), 0);
  const storedAtTarget = inputs.slice(0, 2).flat().reduce((a, b) => a + b, 0) * scale;
  console.log(
    `  at ${TARGET.toLocaleString('en')} articles: ~${grown.reduce((a, t) => a + t.length, 0).toLocaleString('en')} render units, ${seconds(grown.flat().reduce((a, b) => a + b, 0) * SLOWDOWN)} of Lambda CPU; stages with ${WORKERS} workers ${seconds(stagesWall)} wall; coordinator (${COORDINATOR_MB} MB, ${COORDINATOR_SLOWDOWN.toFixed(1)}x) ${seconds(prepareMs * scale * COORDINATOR_SLOWDOWN)} CPU to prepare (every invocation) + ${seconds(coordinatorMs * scale * COORDINATOR_SLOWDOWN)} to plan and store ~${(storedAtTarget / 1e9).toFixed(1)} GB of unit inputs${gc ? `, holding ~${((held * scale) / 1e9).toFixed(1)} GB` : ''}`,
  );
  return { unitMs, coordinatorReads, same };
}

const standard = await renderUnits(N, corpus, single.output, true);
if (!standard.same) process.exitCode = 1;

// Many full-content feeds: each article also files under one of N/10/50 desks, each a category feed of
// 50 items (the default feed size), so every article is an item a current document shows in full — a
// feed member — as in a site of 10,000 full-content feeds. The coordinator keeps and reads none of them:
// the units that render the current documents read their members' sources themselves.
{
  const n = Math.max(1_000, Math.floor(N / 10));
  const desks = Math.ceil(n / 50);
  const manyFeeds = (): MemoryStore => {
    const store = createMemoryStore();
    for (let i = 0; i < n; i++) {
      const text = syntheticArticle(i).replace(/categories: \[(\w+)\]/, (_, topic: string) => `categories: [${topic}, desk ${i % desks}]`);
      store.objects.set(`story-${String(i).padStart(7, '0')}.md`, { body: new TextEncoder().encode(text) });
    }
    return store;
  };
  const output = createMemoryStore();
  const cpu = process.cpuUsage();
  const report = await publishSite({ config, input: manyFeeds(), output, state: createMemoryStore(), clock, log: silentLogger });
  console.log(`many full-content feeds: ${n.toLocaleString('en')} articles under ${desks + 8} category feeds and the site feed, every article a feed member; single process ${seconds(cpuSince(cpu))} CPU, ${report.written.length} objects`);
  const many = await renderUnits(n, manyFeeds, await digestOf(output), false);
  const currents = many.unitMs[2] ?? [];
  const perMember = currents.reduce((a, b) => a + b, 0) / n;
  console.log(
    `  the coordinator read ${many.coordinatorReads} sources (the feed members are read by the units that render their current documents: ${(perMember).toFixed(2)} ms CPU per member in stage 3, ~${seconds(perMember * 500_000 * SLOWDOWN)} of Lambda CPU for 10,000 feeds of 50 members, spread over the stage's units)`,
  );
  if (!many.same) process.exitCode = 1;
}
