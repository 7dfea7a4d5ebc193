// Issues #4 and #13: size and module-load time (a cold-start proxy) of each Lambda handler, bundled the
// way serverless.yml's serverless-esbuild settings bundle it for deployment.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { type BuildOptions, type Metafile, build } from 'esbuild';
import { load as parse } from 'js-yaml';

const root = resolve(import.meta.dirname, '../..');
const LOAD_RUNS = 5;
// Issue #13: every handler bundle at most 1 MB, loaded in at most 200 ms.
const SIZE_TARGET_BYTES = 1_000_000;
const LOAD_TARGET_MS = 200;

// serverless-esbuild options that are its own, not esbuild's; it strips them before calling esbuild.
const PLUGIN_ONLY_OPTIONS = new Set([
  'concurrency', 'zipConcurrency', 'exclude', 'nativeZip', 'packager', 'packagePath', 'watch', 'keepOutputDirectory',
  'packagerOptions', 'installExtraArgs', 'outputFileExtension', 'outputBuildFolder', 'outputWorkFolder', 'nodeExternals',
  'skipBuild', 'skipRebuild', 'skipBuildExcludeFns', 'stripEntryResolveExtensions', 'disposeContext',
]);

interface ServerlessConfig {
  provider?: { runtime?: string };
  custom?: { esbuild?: Record<string, unknown> };
  functions?: Record<string, { handler?: string }>;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The esbuild options serverless-esbuild derives from serverless.yml: its defaults (target from the
 * runtime, exclude `aws-sdk`, `.js`), overridden by custom.esbuild; `exclude` becomes `external`.
 */
function esbuildOptionsFrom(config: ServerlessConfig): { options: BuildOptions; extension: string } {
  const runtimeVersion = /^nodejs(\d+)\.x$/.exec(config.provider?.runtime ?? '')?.[1];
  const custom: Record<string, unknown> = {
    bundle: true,
    platform: 'node',
    ...(runtimeVersion ? { target: `node${runtimeVersion}` } : {}),
    exclude: ['aws-sdk'],
    outputFileExtension: '.js',
    ...config.custom?.esbuild,
  };
  const extension = typeof custom.outputFileExtension === 'string' ? custom.outputFileExtension : '.js';
  const options = Object.fromEntries(Object.entries(custom).filter(([key]) => !PLUGIN_ONLY_OPTIONS.has(key))) as BuildOptions;
  const exclude = strings(custom.exclude);
  options.external = [...strings(custom.external), ...(exclude.includes('*') ? [] : exclude)];
  if (extension !== '.js') options.outExtension = { '.js': extension };
  return { options, extension };
}

interface LoadTime {
  wallMs: number;
  cpuMs: number;
}

/**
 * Time to `require` the bundle in a fresh Node process, wall and CPU (user + system) of that process; the
 * SDK resolves from node_modules, as the runtime provides it. CPU time is the steadier of the two when
 * other work shares the machine.
 */
function loadTime(modulePath: string): LoadTime {
  const script =
    'const c = process.cpuUsage(); const t = performance.now(); require(process.argv[1]); const d = process.cpuUsage(c);' +
    ' console.log(performance.now() - t, (d.user + d.system) / 1000);';
  const stdout = execFileSync(process.execPath, ['-e', script, modulePath], {
    encoding: 'utf8',
    // Excluded @aws-sdk/* packages are found here, standing in for the ones the Lambda runtime ships.
    env: { ...process.env, NODE_PATH: join(root, 'node_modules'), NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [wallMs, cpuMs] = (stdout.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { wallMs: wallMs ?? Number.NaN, cpuMs: cpuMs ?? Number.NaN };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function medianLoad(modulePath: string): LoadTime {
  const runs = Array.from({ length: LOAD_RUNS }, () => loadTime(modulePath));
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

const mb = (bytes: number): string => (bytes / 1_000_000).toFixed(3);

export async function benchBundles(): Promise<void> {
  const config = parse(await readFile(join(root, 'serverless.yml'), 'utf8')) as ServerlessConfig;
  const { options, extension } = esbuildOptionsFrom(config);
  const entries = [
    ...new Set(
      Object.values(config.functions ?? {})
        .map((fn) => fn.handler?.replace(/\.[^./]+$/, ''))
        .filter((handler): handler is string => handler !== undefined),
    ),
  ];
  const out = await mkdtemp(join(tmpdir(), 'fw-bundle-bench-'));
  try {
    console.log('\n### Lambda handler bundles\n');
    console.log(
      `Bundled with serverless.yml's custom.esbuild (format ${String(options.format)}, target ${String(options.target)}, minify ${String(options.minify)}, external ${(options.external ?? []).join(', ')}).`,
    );
    console.log(`Module load: median of ${LOAD_RUNS} fresh \`node\` processes timing \`require(bundle)\` (wall, and CPU of that process), which includes loading any AWS SDK client the handler needs at start.\n`);
    console.log(`| handler | bundle size | module load (wall) | (CPU) | bundle ≤ ${mb(SIZE_TARGET_BYTES)} MB | load ≤ ${LOAD_TARGET_MS} ms |`);
    console.log('|---|---:|---:|---:|---|---|');
    const contributors: string[] = [];
    for (const entry of entries) {
      const source = join(root, `${entry}.ts`);
      const result = await build({ ...options, entryPoints: [source], outdir: out, logLevel: 'error', metafile: true });
      contributors.push(`- \`${entry}\`: ${largestPackages(result.metafile)}`);
      const bundle = join(out, `${basename(entry)}${extension}`);
      const bytes = (await stat(bundle)).size;
      const load = medianLoad(bundle);
      const sizeOk = bytes <= SIZE_TARGET_BYTES ? 'met' : '**not met**';
      const loadOk = load.wallMs <= LOAD_TARGET_MS ? 'met' : '**not met**';
      console.log(
        `| \`${entry}\` | ${bytes.toLocaleString('en-US')} B (${mb(bytes)} MB) | ${load.wallMs.toFixed(1)} ms | ${load.cpuMs.toFixed(0)} ms | ${sizeOk} | ${loadOk} |`,
      );
    }
    const sdk = medianLoad('@aws-sdk/client-s3');
    console.log(`| (\`@aws-sdk/client-s3\` alone, for comparison) | — | ${sdk.wallMs.toFixed(1)} ms | ${sdk.cpuMs.toFixed(0)} ms | | |`);
    console.log('\nLargest contributors to each bundle (minified bytes in the output):\n');
    for (const line of contributors) console.log(line);
    await printPackagedZips();
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** The packages (or `own code` for this repository's files) that take most of a bundle's bytes. */
function largestPackages(metafile: Metafile, shown = 6): string {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const name = match?.[1] ?? 'own code';
      bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes]
    .sort(([, a], [, b]) => b - a)
    .slice(0, shown)
    .map(([name, size]) => `${name} ${Math.round(size / 1000)} kB`)
    .join(', ');
}

/** Zips from an earlier `npx osls package`, if any; informative only, the bench never packages. */
async function printPackagedZips(): Promise<void> {
  const dir = join(root, '.serverless');
  if (!existsSync(dir)) return;
  const zips = (await readdir(dir)).filter((name) => name.endsWith('.zip')).sort();
  if (zips.length === 0) return;
  console.log('\nDeployment zips already in `.serverless/` (from an earlier `osls package`, may be stale):\n');
  for (const zip of zips) {
    const bytes = (await stat(join(dir, zip))).size;
    console.log(`- \`${zip}\`: ${bytes.toLocaleString('en-US')} B (${mb(bytes)} MB)`);
  }
}
