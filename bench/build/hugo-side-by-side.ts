// Issue #13: Feedwright and Hugo 0.111 (feeds only) on the same generated news corpus, whole processes,
// run alternately (A B A B: this machine's speed drifts between minutes), medians and the ratio.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HUGO_FEEDS_ONLY_CONFIG, newsArticle, readBbcTexts, writeNewsCorpus } from './news-corpus.js';
import { removeAtEnd } from './removal-at-end.js';
import { printStageProfile } from './stage-profile.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli.js');
const LISTING_FLOOR = join(import.meta.dirname, 'listing-floor.mjs');
const GNU_TIME = '/usr/bin/time';

export interface ProcessFigures {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  stdout: string;
}

/** One whole process; CPU and peak RSS from GNU time when installed (else wall time only). */
function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): ProcessFigures {
  const useTime = existsSync(GNU_TIME);
  const started = performance.now();
  const result = useTime
    ? spawnSync(GNU_TIME, ['-f', '@@time %e %U %S %M', command, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const line = /@@time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr);
  return {
    wallMs: Math.round(wallMs),
    cpuMs: line ? Math.round((Number(line[2]) + Number(line[3])) * 1000) : NaN,
    peakRssMb: line ? Math.round(Number(line[4]) / 1024) : NaN,
    stdout: result.stdout,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const summary = (runs: ProcessFigures[]) =>
  `${seconds(median(runs.map((r) => r.wallMs)))} s wall, ${seconds(median(runs.map((r) => r.cpuMs)))} s CPU, ${Math.max(...runs.map((r) => r.peakRssMb))} MB peak`;
const range = (runs: ProcessFigures[]) => `${seconds(Math.min(...runs.map((r) => r.wallMs)))}–${seconds(Math.max(...runs.map((r) => r.wallMs)))} s`;

export function hugoInstalled(): boolean {
  return spawnSync('hugo', ['version'], { encoding: 'utf8' }).status === 0;
}

/**
 * Builds an `articles`-article corpus and prints one table: cold builds alternating with Hugo, then
 * no-change and add-one rebuilds of Feedwright (whole process each time).
 */
export async function benchSideBySide(bbcArticles: string, articles: number, runs: number): Promise<void> {
  // FEEDWRIGHT_BENCH_DIR=/dev/shm runs both programs on tmpfs: the same comparison without the disk.
  const work = await mkdtemp(join(process.env.FEEDWRIGHT_BENCH_DIR ?? tmpdir(), 'fw-vs-hugo-'));
  try {
    const texts = await readBbcTexts(bbcArticles);
    const site = join(work, 'site');
    const content = join(site, 'content/posts');
    await writeNewsCorpus(texts, content, articles);
    await writeFile(join(site, 'config.toml'), HUGO_FEEDS_ONLY_CONFIG);
    // Every cold run (either program) writes into folders of its own: see removal-at-end.ts.
    const outOf = (run: number | string) => join(work, `public-${run}`);
    const stateOf = (run: number | string) => join(work, `state-${run}`);
    const hugoOutOf = (run: number) => join(work, `hugo-public-${run}`);
    // Digests are left out: Hugo has nothing like them, and no issue is due for this corpus anyway.
    const buildArgs = (run: number | string) => [cli, 'build', '--input', join(site, 'content'), '--out', outOf(run), '--state', stateOf(run), '--skip-digests'];
    const feedwright = (run: number | string) => timed(process.execPath, buildArgs(run), work);
    const withHugo = hugoInstalled();

    const fw: ProcessFigures[] = [];
    const hugo: ProcessFigures[] = [];
    // The same build on the main thread alone (FEEDWRIGHT_THREADS=0): what the worker threads buy.
    const oneThread: ProcessFigures[] = [];
    for (let run = 0; run < runs; run++) {
      if (withHugo) hugo.push(timed('hugo', ['--quiet', '-s', site, '-d', hugoOutOf(run)], work));
      fw.push(feedwright(run));
      oneThread.push(timed(process.execPath, buildArgs(`one-thread-${run}`), work, { ...process.env, FEEDWRIGHT_THREADS: '0' }));
    }
    // The site and state of the last cold run are the ones rebuilt with no change and with one more article.
    const last = runs - 1;
    const files = /wrote (\d+) file/.exec(fw[0]?.stdout ?? '')?.[1] ?? '?';
    // Each no-change and add-one run also as a user's plain `feedwright build` makes it, alternating with the
    // bench's: digests on (the two default ones are asked whether an issue is due). One untimed run first:
    // the digests' first check writes their state.
    const withDigests = (run: number | string) => buildArgs(run).filter((arg) => arg !== '--skip-digests');
    timed(process.execPath, withDigests(last), work);
    const noChange: ProcessFigures[] = [];
    const addOne: ProcessFigures[] = [];
    const noChangeDigests: ProcessFigures[] = [];
    const addOneDigests: ProcessFigures[] = [];
    for (let run = 0; run < runs; run++) {
      noChange.push(feedwright(last));
      noChangeDigests.push(timed(process.execPath, withDigests(last), work));
      await writeFile(join(content, `added-${run}.md`), newsArticle(texts, articles + run));
      addOne.push(feedwright(last));
      await writeFile(join(content, `added-with-digests-${run}.md`), newsArticle(texts, articles + runs + 1 + run));
      addOneDigests.push(timed(process.execPath, withDigests(last), work));
    }
    // The floor under both: a bare Node process that only walks and stats the same files (see listing-floor.mjs).
    const floorInputs: ProcessFigures[] = [];
    const floorAll: ProcessFigures[] = [];
    for (let run = 0; run < runs; run++) {
      floorInputs.push(timed(process.execPath, [LISTING_FLOOR, content], work));
      floorAll.push(timed(process.execPath, [LISTING_FLOOR, content, outOf(last)], work));
    }
    const coldMs = median(fw.map((r) => r.wallMs));
    const outputMb = Number(/^(\d+)/.exec(execFileSync('du', ['-sm', outOf(last)], { encoding: 'utf8' }))?.[1] ?? NaN);
    const hugoMs = withHugo ? median(hugo.map((r) => r.wallMs)) : NaN;

    console.log(`\n### ${articles.toLocaleString('en-US')} news articles (BBC texts, Markdown + front matter, 5 categories, 40 tags), ${runs} alternating run(s)\n`);
    console.log('| run | Feedwright (median) | range | Hugo feeds only (median) | ratio FW/Hugo |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(
      `| cold, ${files} files (${Math.max(0, Math.min(availableParallelism(), 4) - 1)} source worker thread(s) beside the main one) | ${summary(fw)} | ${range(fw)} | ${withHugo ? `${summary(hugo)} (${range(hugo)})` : 'skipped'} | ${withHugo ? `**${(coldMs / hugoMs).toFixed(2)}×**` : ''} |`,
    );
    console.log(`| cold, main thread only (\`FEEDWRIGHT_THREADS=0\`) | ${summary(oneThread)} | ${range(oneThread)} | | ${withHugo ? `${(median(oneThread.map((r) => r.wallMs)) / hugoMs).toFixed(2)}×` : ''} |`);
    console.log(`| no change | ${summary(noChange)} | ${range(noChange)} | | |`);
    console.log(`| add one article | ${summary(addOne)} (${((median(addOne.map((r) => r.wallMs)) / coldMs) * 100).toFixed(1)}% of cold) | ${range(addOne)} | | |`);
    console.log(`| no change, digests on (a plain \`feedwright build\`) | ${summary(noChangeDigests)} | ${range(noChangeDigests)} | | |`);
    console.log(`| add one article, digests on | ${summary(addOneDigests)} (${((median(addOneDigests.map((r) => r.wallMs)) / coldMs) * 100).toFixed(1)}% of cold) | ${range(addOneDigests)} | | |`);
    const filesOf = (r: ProcessFigures[]) => /(\d+) files/.exec(r[0]?.stdout ?? '')?.[1] ?? '?';
    console.log(`| floor: a bare \`node\` walking and stat-ing the ${filesOf(floorInputs)} input files, nothing else | ${summary(floorInputs)} | ${range(floorInputs)} | | |`);
    console.log(
      `| floor: the same for inputs and outputs (${filesOf(floorAll)} files) | ${summary(floorAll)} (${((median(floorAll.map((r) => r.wallMs)) / coldMs) * 100).toFixed(1)}% of cold) | ${range(floorAll)} | | |`,
    );
    if (!withHugo) console.log('\n`hugo` is not installed: `sudo apt-get install -y hugo` (Debian 12 gives 0.111) adds the Hugo column.');
    console.log(`\nOutput: ${files} files, ${outputMb} MB on disk (Hugo feeds only: ${withHugo ? execFileSync('du', ['-sm', hugoOutOf(last)], { encoding: 'utf8' }).split('\t')[0] : '?'} MB); work folder ${work}.`);
    if (process.env.FEEDWRIGHT_BENCH_PROFILE !== '0') {
      await writeFile(join(content, 'added-profiled.md'), newsArticle(texts, articles + runs));
      await printStageProfile(`add one article to ${articles.toLocaleString('en-US')}`, process.execPath, buildArgs(last), work);
      await printStageProfile(`cold build of ${articles.toLocaleString('en-US')}`, process.execPath, buildArgs('profiled'), work);
    }
    console.log(`\nTargets (issue #13): cold ≤ Hugo feeds-only wall time; add-one ≤ 5% of cold; no change ≤ 0.2 s; peak RSS ≤ 300 MB at 10,000, ≤ 600 MB at 100,000.`);
  } finally {
    removeAtEnd(work);
  }
}

export function machine(): string {
  const cpu = (() => {
    try {
      return /model name\s*:\s*(.*)/.exec(execFileSync('cat', ['/proc/cpuinfo'], { encoding: 'utf8' }))?.[1] ?? 'unknown CPU';
    } catch {
      return 'unknown CPU';
    }
  })();
  const cores = (() => {
    try {
      return execFileSync('nproc', { encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  })();
  return `${cpu}, ${cores} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z`;
}
