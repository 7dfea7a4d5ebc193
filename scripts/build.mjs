// Bundles the CLI into dist/ so `npx feedwright` and `npm start` run plain JS (no TS loader at run time),
// and the digest-schedule and fan-out state machine resolvers serverless.yml loads while packaging.
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
};

// Each command is a chunk of its own that cli.js imports when the command runs (see COMMANDS in
// src/cli.ts); chunks of an earlier build are removed so the package never ships stale ones.
await rm('dist/chunks', { recursive: true, force: true });
await build({
  ...common,
  // The source worker (src/threads) is an entry of its own that shares the chunks.
  entryPoints: { cli: 'src/cli.ts', 'source-worker': 'src/threads/source-worker.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  // The packages are bundled too (tree-shaken, one file per chunk): resolving and evaluating some 400
  // modules from node_modules cost more than a no-change build itself. The AWS SDK stays external: it is
  // large, loaded only when an s3:// location or SES is used, and installed as a dependency.
  external: ['@aws-sdk/*'],
  // One htmlparser2 (the CommonJS build that sanitize-html requires), as in serverless.yml's esbuild options.
  alias: { htmlparser2: fileURLToPath(new URL('../node_modules/htmlparser2/dist/commonjs/index.js', import.meta.url)) },
  define: { __FEEDWRIGHT_VERSION__: JSON.stringify(version) },
  // CommonJS packages (sanitize-html, postcss) call require() for Node's built-ins.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as feedwrightCreateRequire } from 'node:module';\nconst require = feedwrightCreateRequire(import.meta.url);",
  },
});

await build({
  ...common,
  entryPoints: ['scripts/serverless-digests.ts'],
  // Dependencies stay in node_modules, installed by `npm ci`: serverless.yml loads this while packaging.
  packages: 'external',
  outfile: 'dist/serverless-digests.cjs',
  format: 'cjs',
  // The Serverless `file` variable calls what `require` returns when it is a function.
  footer: { js: 'module.exports = module.exports.default;' },
});

await build({
  ...common,
  entryPoints: ['scripts/serverless-fanout.ts'],
  outfile: 'dist/serverless-fanout.cjs',
  format: 'cjs',
  footer: { js: 'module.exports = module.exports.default;' },
});
