import { fileURLToPath } from 'node:url';
import type { FunctionDeps } from '../../functions/deps.js';
import { createJsonLogger } from '../../functions/log.js';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { createLocalStore, createMemoryStore } from '../../src/storage/index.js';

/** The sample articles the repository ships (read-only input of the handler tests). */
export const SEEDS_DIR = fileURLToPath(new URL('../../seeds/', import.meta.url));

/** Handler deps that read seeds/ and publish into memory; log lines go to `lines`. */
export function seedFunctionDeps(lines: string[] = []): FunctionDeps {
  return {
    config: parseConfig({}),
    input: createLocalStore(SEEDS_DIR),
    output: createMemoryStore(),
    state: createMemoryStore(),
    clock: fixedClock('2026-03-30T12:00:00Z'),
    log: createJsonLogger((line) => lines.push(line)),
  };
}
