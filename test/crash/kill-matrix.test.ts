import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createLocalStore } from '../../src/storage/index.js';
import { bundleChild, runChild } from './child-runner.js';
import { BASE, LATER, RETRACTED, RETRACTED_MARK, writeCorpus, type Corpus } from './corpus.js';
import { interceptStores } from './intercept-store.js';
import { killPoints } from './kill-points.js';
import { localBackend, s3Backend, type Backend, type Site } from './sites.js';
import { localTree, treeDiff, treeText, type Tree } from './tree.js';
import { missingConsumersAllowed } from '../support/consumers.js';

const root = path.resolve(import.meta.dirname, '../..');
const RAW_CONFIG = { site: { baseUrl: 'https://news.example/', title: 'Crash Test News' }, digests: [] };
const config = parseConfig(RAW_CONFIG);
const RUN_CLOCK = '2026-03-06T00:00:00Z';
// Later than any wall clock a killed CLI run could have stamped a lease with, so a lease left by a
// killed run is stale by then whichever clock it was judged by (the recovery must not wait for a human).
const RECOVERY_CLOCK = '2030-01-01T00:00:00Z';

interface Scenario {
  name: string;
  /** Published (and complete) before the run that dies; absent = the run that dies is the first. */
  before?: Corpus;
  /** The input of the run that dies. */
  crash: Corpus;
  /** The input of the normal run after the crash. */
  after: Corpus;
  /** Text that must be gone from every published byte after the normal run. */
  mustVanish?: string;
}

const SCENARIOS: Scenario[] = [
  { name: 'first run', crash: BASE, after: BASE },
  { name: 'later run (one added, one edited, one removed)', before: BASE, crash: LATER, after: LATER },
  { name: 'crash then undo (retracted edit and story withdrawn)', before: BASE, crash: RETRACTED, after: BASE, mustVanish: RETRACTED_MARK },
];

async function publishInProcess(site: Site, input: string, clock: string): Promise<void> {
  await publishSite({ config, input: createLocalStore(input), output: site.output, state: site.state, clock: fixedClock(clock), log: silentLogger });
}

/** A fresh input folder holding `corpus`, published completely into `site` (the site before the crash). */
async function baseline(backend: Backend, tag: string, scenario: Scenario, inputs: string): Promise<{ site: Site; input: string }> {
  const site = await backend.site(tag);
  const input = path.join(inputs, tag);
  if (scenario.before) {
    await writeCorpus(input, scenario.before);
    await publishInProcess(site, input, RUN_CLOCK);
  }
  await writeCorpus(input, scenario.crash, scenario.before);
  return { site, input };
}

async function cleanBuild(backend: Backend, tag: string, corpus: Corpus, inputs: string): Promise<Tree> {
  const site = await backend.site(tag);
  const input = path.join(inputs, tag);
  await writeCorpus(input, corpus);
  await publishInProcess(site, input, RECOVERY_CLOCK);
  return site.outputTree();
}

let bundle: string;
let inputs: string;
beforeAll(async () => {
  bundle = await bundleChild();
  inputs = await mkdtemp(path.join(tmpdir(), 'fw-crash-inputs-'));
});
afterAll(async () => {
  await rm(path.dirname(bundle), { recursive: true, force: true });
  await rm(inputs, { recursive: true, force: true });
});

describe.each([
  ['local folder', localBackend],
  ['s3rver', s3Backend],
] as const)('SIGKILL at the store mutations of each phase of a run (%s), then one normal run', (_name, makeBackend) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend();
  });
  afterAll(async () => backend.dispose());

  it('the corpus makes a site that depends on the input only (precondition of every comparison below)', async () => {
    const early = await backend.site('clock-early');
    const input = path.join(inputs, `${backend.name}-clock`.replace(/\W/g, '-'));
    await writeCorpus(input, LATER);
    await publishInProcess(early, input, RUN_CLOCK);
    const late = await cleanBuild(backend, 'clock-late', LATER, inputs);
    expect(treeDiff(await early.outputTree(), late)).toEqual([]);
    expect(late.has('feed.xml')).toBe(true);
  });

  for (const [index, scenario] of SCENARIOS.entries()) {
    it(`${scenario.name}: the output equals a clean build, whichever mutation the crash hit`, async () => {
      expect(await killMatrix(backend, scenario, `s${index}`)).toEqual([]);
    }, 240_000);
  }
});

// A large run (no article HTML kept: pages read their sources again, a batch at a time) writes in more,
// smaller steps; killed at any of them, the next run still converges.
describe('SIGKILL at the store mutations of each phase of a run that keeps no article HTML (local folder), then one normal run', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await localBackend();
  });
  afterAll(async () => backend.dispose());

  const scenario = SCENARIOS[2] as Scenario;
  it(`${scenario.name}: the output equals a clean build, whichever mutation the crash hit`, async () => {
    expect(await killMatrix(backend, scenario, 'released', 0)).toEqual([]);
  }, 240_000);
});

/** Kills the step `scenario` describes at each of its mutations in turn; the differences from a clean build. */
async function killMatrix(backend: Backend, scenario: Scenario, tag: string, contentInMemory?: number): Promise<string[]> {
  const expected = await cleanBuild(backend, `${tag}-clean`, scenario.after, inputs);
  const released = contentInMemory === undefined ? {} : { contentInMemory };

  // The mutations of the run that dies, counted by a complete run of the same step.
  const { site, input } = await baseline(backend, `${tag}-count`, scenario, inputs);
  const mutations: { op: 'write' | 'delete'; store: string; key: string }[] = [];
  const counter = interceptStores((_n, op, key, store) => void mutations.push({ op, store, key }));
  await publishSite({
    config,
    input: createLocalStore(input),
    output: counter.wrap(site.output, 'output'),
    state: counter.wrap(site.state, 'state'),
    clock: fixedClock(RUN_CLOCK),
    log: silentLogger,
    ...released,
  });
  expect(mutations.length).toBeGreaterThan(3);

  const killPoint = async (n: number): Promise<string[]> => {
    const m = mutations[n - 1];
    const label = `#${n} ${m?.op} ${m?.store}:${m?.key}`;
    const run = await baseline(backend, `${tag}-k${n}`, scenario, inputs);
    const killed = await runChild(bundle, { input: run.input, clock: RUN_CLOCK, config: RAW_CONFIG, killAt: n, ...released, ...run.site.job });
    if (killed.signal !== 'SIGKILL') return [`${label}: the child was not killed (exit ${killed.code}): ${killed.stdout}${killed.stderr}`];
    await writeCorpus(run.input, scenario.after, scenario.crash);
    try {
      await publishInProcess(run.site, run.input, RECOVERY_CLOCK);
    } catch (error) {
      return [`${label}: the normal run after the kill failed: ${error instanceof Error ? error.message : String(error)}`];
    }
    const actual = await run.site.outputTree();
    const failures = treeDiff(actual, expected).map((diff) => `${label}: ${diff}`);
    if (scenario.mustVanish && treeText(actual).includes(scenario.mustVanish)) {
      failures.push(`${label}: "${scenario.mustVanish}" is still published`);
    }
    return failures;
  };
  return (await inPool(killPoints(mutations).map((n) => () => killPoint(n)), 3)).flat();
}

const run = promisify(execFile);

/** Runs the tasks with at most `width` at a time; kill points are independent (own site, own input). */
async function inPool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      if (task) results[i] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
  return results;
}

/** Real system-call kill points in the bundled CLI (strace injects SIGKILL), for a few points per run. */
// strace is installed by .ci/run; a missing one fails (spawn error) unless missing tools are explicitly allowed.
describe.skipIf(!existsSync('/usr/bin/strace') && missingConsumersAllowed())(
  'SIGKILL injected at real system calls of `feedwright build` (strace), local folder',
  () => {
    const cli = path.join(root, 'dist/cli.js');
    let work: string;
    let configFile: string;
    beforeAll(async () => {
      work = await mkdtemp(path.join(tmpdir(), 'fw-crash-strace-'));
      configFile = path.join(work, 'feedwright.config.json');
      await writeFile(configFile, JSON.stringify(RAW_CONFIG));
    });
    afterAll(async () => rm(work, { recursive: true, force: true }));

    const points = [
      ...[2, 5, 13, 34].map((k) => ({ syscalls: 'write,pwrite64', when: k })),
      ...[1, 3].map((k) => ({ syscalls: 'rename,renameat,renameat2', when: k })),
    ];

    for (const scenario of SCENARIOS) {
      it(`${scenario.name}: converges after a kill at write and rename system calls`, async () => {
        const backend = await localBackend();
        try {
          const expected = await cleanBuild(backend, `strace-clean-${scenario.name.length}`, scenario.after, inputs);
          const failures: string[] = [];
          let kills = 0;
          for (const [i, point] of points.entries()) {
            const tag = `p${i}-${scenario.name.length}`;
            const { site, input } = await baseline(backend, tag, scenario, inputs);
            const local = site.job.local;
            if (!local) throw new Error('local backend expected');
            const args = ['-f', '-qq', '-o', '/dev/null', `-e`, `inject=${point.syscalls}:signal=SIGKILL:when=${point.when}`];
            const build = ['build', '--input', input, '--out', local.out, '--state', local.state, '--config', configFile, '--skip-digests'];
            const before = await localTree(local.out);
            const result = await run('strace', [...args, process.execPath, cli, ...build], { cwd: work }).then(
              () => 'completed',
              (error: { signal?: string; code?: number }) => (error.signal === 'SIGKILL' || error.code === 137 ? 'killed' : `exit ${error.code}`),
            );
            // Only a kill that left the output half-changed proves anything (a kill while printing a usage error does not).
            if (result === 'killed' && treeDiff(await localTree(local.out), before).length > 0) kills += 1;
            await writeCorpus(input, scenario.after, scenario.crash);
            try {
              await publishInProcess(site, input, RECOVERY_CLOCK);
            } catch (error) {
              failures.push(`${point.syscalls}#${point.when} (${result}): normal run failed: ${error instanceof Error ? error.message : String(error)}`);
              continue;
            }
            const diffs = treeDiff(await localTree(local.out), expected);
            if (diffs.length > 0) failures.push(`${point.syscalls}#${point.when} (${result}): ${diffs.join('; ')}`);
          }
          expect(kills, 'kill points that stopped the run midway').toBeGreaterThan(0);
          expect(failures).toEqual([]);
        } finally {
          await backend.dispose();
        }
      }, 240_000);
    }
  },
);

