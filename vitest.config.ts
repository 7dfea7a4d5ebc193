import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `osls package` bundles into `.esbuild/` and `.serverless/` in the repository, whatever `--package` says: two
// packagings at once would build into the same folders. These files run one at a time, in a group of their own.
const PACKAGING = ['test/serverless/package.test.ts', 'test/operators/deploy-config.test.ts'];

const shared = {
  globalSetup: ['test/support/temp-root.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: on CI's two cores, one test file at a time, while
    // most files wait on child processes (the CLI, s3rver, strace). Two workers there: the suite took 389 and
    // 432 s instead of 530 s (2026-12-06, every test passing; the longest single test 48.5 s of its 240 s limit).
    // Tests that share something beyond their own temp folders (the run's TMPDIR, the repository) must not
    // assume they run alone: see test/serve/stop-signals.test.ts and PACKAGING above.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { test: { name: 'unit and integration', include: ['test/**/*.test.ts'], exclude: PACKAGING, ...shared } },
      { test: { name: 'packaging', include: PACKAGING, maxWorkers: 1, ...shared } },
    ],
  },
});
