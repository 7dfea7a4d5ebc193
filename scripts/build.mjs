// Bundles the CLI into dist/ so `npx feedwright` and `npm start` run plain JS (no TS loader at run time).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

// Dependencies stay external (installed by npm), except stopwords-iso: its entry point is a JSON file,
// which Node's ESM loader only imports with an import attribute, so it is inlined instead.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => name !== 'stopwords-iso');

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: [...external, ...external.map((name) => `${name}/*`)],
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
