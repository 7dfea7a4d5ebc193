import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `osls package` bundles into `.esbuild/` and `.serverless/` in the repository, whatever `--package` says: two
// packagings at once would build into the same folders. These files run one at a time, in a group of their own.
const PACKAGING = ['test/serverless/package.test.ts', 'test/operators/deploy-config.test.ts'];

// Per project (a project inherits nothing from the root without `extends`, which would also run the global
// setup once more per project).
const perFile = {
  setupFiles: ['test/support/file-temp.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // Once per run, whatever the projects: the run's temp folder, removed at the end.
    globalSetup: ['test/support/temp-root.ts'],
    // Vitest's default is one worker fewer than the cores: on CI's two cores, one test file at a time, while
    // most files wait on child processes (the CLI, s3rver, strace). Two workers there: the suite took 389 and
    // 432 s instead of 530 s (2026-12-06, every test passing; the longest single test 48.5 s of its 240 s limit).
    // What files running side by side still share: the repository (PACKAGING above).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { test: { name: 'unit and integration', include: ['test/**/*.test.ts'], exclude: PACKAGING, ...perFile } },
      { test: { name: 'packaging', include: PACKAGING, maxWorkers: 1, ...perFile } },
    ],
  },
});
