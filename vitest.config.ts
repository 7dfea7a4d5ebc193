import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/temp-root.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: on CI's two cores, one test file at a time, while
    // most files wait on child processes (the CLI, s3rver, strace). Two workers there: the suite took 389 and
    // 432 s instead of 530 s (2026-12-06, every test passing; the longest single test 48.5 s of its 240 s limit).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
