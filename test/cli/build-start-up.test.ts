import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The CLI's bundle as scripts/build.mjs makes it (per-command chunks), in memory: which source files a
// module the CLI imports (the `build` command, or a module it imports when it needs it) loads with it. A
// no-change build is answered by the quick check; the parsers, sanitizer and renderers are imported only
// when something changed.
let bundled: ReturnType<typeof bundle> | undefined;
function bundle() {
  return build({
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'dist-test-unused',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['@aws-sdk/*'],
    alias: { htmlparser2: fileURLToPath(new URL('../../node_modules/htmlparser2/dist/commonjs/index.js', import.meta.url)) },
    define: { __FEEDWRIGHT_VERSION__: '"test"' },
  });
}

async function staticInputsOf(entryPoint: string): Promise<Set<string>> {
  const result = await (bundled ??= bundle());
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((key) => outputs[key]?.entryPoint === entryPoint);
  if (!entry) throw new Error(`no chunk for ${entryPoint}`);
  const chunks = new Set<string>();
  const pending = [entry];
  for (let chunk = pending.pop(); chunk !== undefined; chunk = pending.pop()) {
    if (chunks.has(chunk)) continue;
    chunks.add(chunk);
    for (const imported of outputs[chunk]?.imports ?? []) if (imported.kind === 'import-statement' && outputs[imported.path]) pending.push(imported.path);
  }
  return new Set([...chunks].flatMap((chunk) => Object.keys(outputs[chunk]?.inputs ?? {})));
}

const PARSERS_AND_SUMMARIZER = /^(src\/publish\/(publish|load-site|render-runner)\.ts|src\/articles\/parse-|src\/summarize\/(summarize|article-terms)\.ts)|node_modules\/(marked|htmlparser2|postcss|sanitize-html)\//;

describe('the build command at start-up', () => {
  it('loads the quick check and the stores, not the publish pipeline nor the summarizer', async () => {
    const inputs = await staticInputsOf('src/cli/build-command.ts');
    expect(inputs).toContain('src/publish/quick-check.ts');
    expect(inputs).toContain('src/storage/local-store.ts');
    const heavy = [...inputs].filter((file) => PARSERS_AND_SUMMARIZER.test(file) || /^(src\/feeds\/render|src\/digest\/issue-digest\.ts)/.test(file));
    expect(heavy).toEqual([]);
  }, 60_000);

  // Every build asks each digest whether an issue is due; most runs find none, and then nothing needs the
  // articles: the publisher's loader comes only with a window that needs them (~0.77 MB of code, ~50 ms).
  it('checks the digests without loading the parsers, the sanitizer or the summarizer', async () => {
    const inputs = await staticInputsOf('src/digest/index.ts');
    expect(inputs).toContain('src/digest/issue-digest.ts');
    expect([...inputs].filter((file) => PARSERS_AND_SUMMARIZER.test(file))).toEqual([]);
  }, 60_000);
});
