// Bundles the CLI into dist/ so `npx feedwright` and `npm start` run plain JS (no TS loader at run time),
// and the digest-schedule and fan-out state machine resolvers serverless.yml loads while packaging.
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Dependencies stay in node_modules, installed by `npm ci` (or with the package).
  packages: 'external',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  format: 'esm',
  define: { __FEEDWRIGHT_VERSION__: JSON.stringify(version) },
  banner: { js: '#!/usr/bin/env node' },
});

await build({
  ...common,
  entryPoints: ['scripts/serverless-digests.ts'],
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
