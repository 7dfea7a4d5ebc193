// Where a cold build's time goes (issue #13: "measure before you optimise"): one extra whole-process build
// under `node --cpu-prof`, every sample charged to the innermost function on its stack that names a stage.
// Function names survive bundling (dist/cli.js is not minified), so the rules below match on them.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

type Rule = [stage: string, test: (frame: ProfileNode['callFrame']) => boolean];
const named =
  (...names: string[]) =>
  (frame: ProfileNode['callFrame']) =>
    names.includes(frame.functionName);

// Innermost match wins: a hash computed while writing counts as hashing, a regex inside the Markdown
// lexer as Markdown, whatever called them.
const RULES: Rule[] = [
  ['GC', named('(garbage collector)')],
  ['hash', (f) => f.url.includes('crypto/hash') || ['objectHash', 'sha256', 'itemPrint', 'contentVersion'].includes(f.functionName)],
  ['summarize', named('summarize', 'summarizeWithParams')],
  ['sanitize', named('sanitizeArticleHtml')],
  ['Markdown', (f) => f.url.includes('marked') || f.functionName === 'renderMarkdown'],
  ['front matter', named('parseFrontMatter')],
  ['other per-source (parse, slugs, checks)', named('processSource', 'deriveArticles', 'loadArticles')],
  ['write files / objects', named('writeFileSync', 'renameSync', 'mkdirSync', 'viaTemp', 'ensureFolders', 'putObject')],
  ['render (feeds, pages, listings, sitemap)', named('planSite', 'renderFeeds', 'renderWithinBudget', 'renderListingPage', 'renderArticlePage', 'renderSitemap', 'renderOpml')],
  ['state (read, split, write)', named('readSiteState', 'readShardedState', 'readShard', 'writeShardedState', 'splitState', 'readContentCache', 'serializeContentCache')],
  ['list and read inputs/outputs', named('listSources', 'publisherListing', 'listingAfterWrites', 'readSources', 'walkFolder')],
  ['prepare (items, feed check, guards)', named('prepareSite', 'checkMassDelete')],
  // Compiling modules, and running a module's top-level code (an anonymous function at line 0).
  ['start-up (module loading)', (f) => ['wrapSafe', 'compileSourceTextModule', 'compileFunction', 'parseCJS', 'cjsPreparseModuleExports', 'defaultLoad', 'detectModuleFormat'].includes(f.functionName) || (f.functionName === '' && f.lineNumber === 0 && f.url !== '')],
];

export function stagesOf(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stageOfNode = new Map<number, string>();
  const classify = (id: number): string => {
    const known = stageOfNode.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    let stage = 'other';
    if (node) {
      const rule = RULES.find(([, test]) => test(node.callFrame));
      const up = parent.get(id);
      stage = rule ? rule[0] : up !== undefined ? classify(up) : node.callFrame.functionName === '(idle)' ? 'idle' : 'other';
    }
    stageOfNode.set(id, stage);
    return stage;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const stage = classify(id);
    totals.set(stage, (totals.get(stage) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

/** Runs `args` under the CPU profiler and prints the per-stage table. */
export async function printStageProfile(label: string, command: string, args: string[], cwd: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'fw-prof-'));
  try {
    const result = spawnSync(command, ['--cpu-prof', '--cpu-prof-dir', dir, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (result.status !== 0) throw new Error(`profiled run failed (${result.status}): ${result.stderr.slice(-1000)}`);
    // One profile per thread: CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile, the main thread's id 0.
    const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
    const main = files.find((f) => /\.0\.\d+\.cpuprofile$/.test(f));
    if (!main) throw new Error('no CPU profile of the main thread written');
    const totals = stagesOf(JSON.parse(await readFile(join(dir, main), 'utf8')) as CpuProfile);
    // Worker threads (the per-source stage shared with them, see src/threads): their stages summed.
    const workers = new Map<string, number>();
    for (const file of files.filter((f) => f !== main)) {
      for (const [stage, ms] of stagesOf(JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile)) workers.set(stage, (workers.get(stage) ?? 0) + ms);
    }
    totals.delete('idle');
    workers.delete('idle');
    const all = [...totals.values()].reduce((a, b) => a + b, 0);
    const allWorkers = [...workers.values()].reduce((a, b) => a + b, 0);
    const threads = files.length - 1;
    console.log(`\n#### Where the time goes: ${label} (one run under \`--cpu-prof\`; I/O waits show as the call that waited)\n`);
    console.log(`| stage | main thread, ms | share | ${threads} worker thread(s), ms (busy, not idle) |`);
    console.log('|---|---:|---:|---:|');
    for (const stage of new Set([...[...totals].sort((a, b) => b[1] - a[1]).map(([s]) => s), ...workers.keys()])) {
      const ms = totals.get(stage) ?? 0;
      const inWorkers = workers.get(stage);
      console.log(`| ${stage} | ${Math.round(ms)} | ${((ms / all) * 100).toFixed(0)}% | ${inWorkers === undefined ? '' : Math.round(inWorkers)} |`);
    }
    console.log(`| total | ${Math.round(all)} | | ${threads > 0 ? Math.round(allWorkers) : ''} |`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
