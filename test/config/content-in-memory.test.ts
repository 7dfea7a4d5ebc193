import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDeps } from '../../functions/deps.js';
import { createJsonLogger } from '../../functions/log.js';
import { createSiteDeps } from '../../src/cli/site-deps.js';
import { fixedClock } from '../../src/clock/clock.js';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { contentInMemoryFrom } from '../../src/config/content-in-memory.js';
import { silentLogger } from '../../src/publish/logger.js';

describe('FEEDWRIGHT_CONTENT_IN_MEMORY', () => {
  it('is a whole number of articles, 0 included; unset or blank leaves the default', () => {
    expect(contentInMemoryFrom({ FEEDWRIGHT_CONTENT_IN_MEMORY: '0' })).toEqual({ contentInMemory: 0 });
    expect(contentInMemoryFrom({ FEEDWRIGHT_CONTENT_IN_MEMORY: ' 5000 ' })).toEqual({ contentInMemory: 5000 });
    expect(contentInMemoryFrom({})).toEqual({});
    expect(contentInMemoryFrom({ FEEDWRIGHT_CONTENT_IN_MEMORY: '  ' })).toEqual({});
    for (const bad of ['many', '-1', '2.5', '1e99x']) {
      expect(() => contentInMemoryFrom({ FEEDWRIGHT_CONTENT_IN_MEMORY: bad }), bad).toThrow(ConfigError);
    }
  });

  it('reaches the core from the CLI and from the functions', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fw-content-in-memory-'));
    try {
      await mkdir(path.join(dir, 'in'));
      const config = parseConfig({ site: { title: 'T', baseUrl: 'https://t.example/' } });
      const locations = { input: path.join(dir, 'in'), out: path.join(dir, 'out'), state: path.join(dir, 'state') };
      const cli = createSiteDeps(config, locations, fixedClock('2026-01-01T00:00:00Z'), silentLogger, { FEEDWRIGHT_CONTENT_IN_MEMORY: '0' });
      expect(cli.contentInMemory).toBe(0);
      expect(createSiteDeps(config, locations, fixedClock('2026-01-01T00:00:00Z'), silentLogger, {}).contentInMemory).toBeUndefined();
      const env = { FEEDWRIGHT_INPUT: path.join(dir, 'in'), FEEDWRIGHT_OUT: 's3://feeds/site/', AWS_REGION: 'us-east-1', FEEDWRIGHT_BASE_URL: 'https://t.example/' };
      expect(buildDeps({ ...env, FEEDWRIGHT_CONTENT_IN_MEMORY: '300' }, { configDir: dir, log: createJsonLogger(() => {}) }).contentInMemory).toBe(300);
      expect(() => buildDeps({ ...env, FEEDWRIGHT_CONTENT_IN_MEMORY: 'lots' }, { configDir: dir, log: createJsonLogger(() => {}) })).toThrow(/FEEDWRIGHT_CONTENT_IN_MEMORY/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
