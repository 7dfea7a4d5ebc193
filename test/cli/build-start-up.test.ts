import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The CLI's bundle as scripts/build.mjs makes it (per-command chunks), in memory: which source files the
// `build` command loads before it runs. A no-change build is answered by the quick check; the parsers,
// sanitizer and renderers are imported only when something changed.
async function startUpInputs(): Promise<Set<string>> {
  const result = await build({
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
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((key) => outputs[key]?.entryPoint === 'src/cli/build-command.ts');
  if (!entry) throw new Error('no chunk for src/cli/build-command.ts');
  const chunks = new Set<string>();
  const pending = [entry];
  for (let chunk = pending.pop(); chunk !== undefined; chunk = pending.pop()) {
    if (chunks.has(chunk)) continue;
    chunks.add(chunk);
    for (const imported of outputs[chunk]?.imports ?? []) if (imported.kind === 'import-statement' && outputs[imported.path]) pending.push(imported.path);
  }
  return new Set([...chunks].flatMap((chunk) => Object.keys(outputs[chunk]?.inputs ?? {})));
}

describe('the build command at start-up', () => {
  it('loads the quick check and the stores, not the publish pipeline nor the summarizer', async () => {
    const inputs = await startUpInputs();
    expect(inputs).toContain('src/publish/quick-check.ts');
    expect(inputs).toContain('src/storage/local-store.ts');
    const heavy = [...inputs].filter((file) =>
      /^(src\/publish\/(publish|load-site|render-runner)\.ts|src\/articles\/parse-|src\/feeds\/render|src\/digest\/issue-digest\.ts|src\/summarize\/(summarize|article-terms)\.ts)|node_modules\/(marked|htmlparser2|postcss|sanitize-html)\//.test(file),
    );
    expect(heavy).toEqual([]);
  }, 60_000);
});
