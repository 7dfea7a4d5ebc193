import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDeps, type FunctionDeps } from '../../functions/deps.js';
import { createDigestHandler } from '../../functions/digest.js';
import { invokeFunction } from '../../functions/invoke.js';
import { createJsonLogger } from '../../functions/log.js';
import { createPublishHandler } from '../../functions/publish.js';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { createLocalStore, createMemoryStore } from '../../src/storage/index.js';

const seeds = fileURLToPath(new URL('../../seeds/', import.meta.url));
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

function memoryDeps(lines: string[] = []): FunctionDeps {
  return {
    config: parseConfig({}),
    input: createLocalStore(seeds),
    output: createMemoryStore(),
    clock: fixedClock('2026-03-30T12:00:00Z'),
    log: createJsonLogger((line) => lines.push(line)),
  };
}

describe('buildDeps', () => {
  const base = { FEEDWRIGHT_INPUT: 'seeds', FEEDWRIGHT_OUT: 's3://feeds/site/', AWS_REGION: 'us-east-1' };

  it('takes locations from the env and lets FEEDWRIGHT_BASE_URL override the config', () => {
    const deps = buildDeps({
      ...base,
      FEEDWRIGHT_CONFIG: JSON.stringify({ site: { title: 'Harbour News', baseUrl: 'https://old.example/' } }),
      FEEDWRIGHT_BASE_URL: 'https://cdn.example/news',
    });
    expect(deps.config.site).toMatchObject({ title: 'Harbour News', baseUrl: 'https://cdn.example/news/' });
    expect(deps.input.description).toBe('seeds');
    expect(deps.output.description).toBe('s3://feeds/site/');
  });

  it.each([
    [{ FEEDWRIGHT_OUT: 'public' }, 'FEEDWRIGHT_INPUT'],
    [{ FEEDWRIGHT_INPUT: 'seeds' }, 'FEEDWRIGHT_OUT'],
    [{ ...base, FEEDWRIGHT_BASE_URL: 'not a url' }, 'FEEDWRIGHT_BASE_URL'],
    [{ ...base, FEEDWRIGHT_CONFIG: '{"site":' }, 'not valid JSON'],
    [{ ...base, FEEDWRIGHT_CONFIG: '[1]' }, 'expected a JSON object'],
    [{ ...base, FEEDWRIGHT_CONFIG: '{"feeds":{"size":3}}' }, 'feeds'],
    [{ ...base, FEEDWRIGHT_OUT: 's3://Bad_Bucket/' }, 'Bad_Bucket'],
  ])('refuses %j, naming %s', (env, mentions) => {
    expect(() => buildDeps(env)).toThrow(mentions);
  });
});

describe('publish handler', () => {
  it('accepts an EventBridge scheduled event and logs one JSON summary line', async () => {
    const lines: string[] = [];
    const deps = memoryDeps(lines);
    const report = await createPublishHandler(() => deps)({
      version: '0',
      id: 'abc',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2026-03-30T12:00:00Z',
      detail: {},
    });
    expect(report.action).toBe('publish');
    expect(report.written).toContain('feed.xml');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.every((l) => typeof l.level === 'string' && typeof l.msg === 'string')).toBe(true);
    expect(parsed.filter((l) => l.msg === 'run summary')).toEqual([
      expect.objectContaining({ articles: report.articles, written: report.written.length, rejected: report.rejected.length }),
    ]);
  });

  it('rethrows a storage failure after logging it', async () => {
    const lines: string[] = [];
    const deps = { ...memoryDeps(lines), input: createLocalStore(seeds) };
    const broken = createMemoryStore();
    broken.write = async () => {
      throw new Error('disk full');
    };
    await expect(createPublishHandler(() => ({ ...deps, output: broken }))({})).rejects.toThrow('disk full');
    expect(lines.map((l) => JSON.parse(l) as { msg: string }).some((l) => l.msg === 'publish failed')).toBe(true);
  });
});

describe('digest handler', () => {
  it('issues the digest due at the scheduled time given in the event', async () => {
    // publishEmpty: the issue is written even if no seed falls in the window, so its key shows the date used.
    const deps = {
      ...memoryDeps(),
      config: parseConfig({ digests: [{ id: 'daily', schedule: { every: 'day', at: '07:00' }, publishEmpty: true }] }),
    };
    await createPublishHandler(() => deps)({});
    const report = await createDigestHandler(() => deps)({ digest: 'daily', time: '2026-03-29T07:00:00Z' });
    expect(report.action).toBe('digest');
    // The issue is named after the scheduled time, not the clock (2026-03-30).
    const issues = report.written.filter((k) => /^digests\/daily\/\d{4}-\d{2}-\d{2}/.test(k));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((k) => k.includes('2026-03-29'))).toBe(true);
  });

  it('refuses an event without a digest id', async () => {
    const deps = memoryDeps();
    await expect(createDigestHandler(() => deps)({ time: '2026-03-29T07:00:00Z' })).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });
});

describe('invokeFunction', () => {
  it('runs the real handler with local folders taken from the env', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'feedwright-invoke-'));
    temps.push(out);
    const result = await invokeFunction('run', { action: 'publish' }, undefined, {
      env: { FEEDWRIGHT_INPUT: seeds, FEEDWRIGHT_OUT: out },
      log: createJsonLogger(() => undefined),
    });
    expect(result).toMatchObject({ ok: true, report: { action: 'publish' } });
    expect(await readdir(out)).toEqual(expect.arrayContaining(['feed.xml', 'atom.xml', 'feed.json', 'index.html']));
  });

  it('uses the deps it is given', async () => {
    const deps = memoryDeps();
    const result = await invokeFunction('run', { action: 'publish', dryRun: true }, deps);
    expect(result).toMatchObject({ ok: true, report: { dryRun: true } });
    expect(await deps.output.list('')).toEqual([]);
  });

  it('answers a bad payload without building anything', async () => {
    const result = await invokeFunction('run', { action: 'digest' }, undefined, { env: { FEEDWRIGHT_OUT: 's3://x' } });
    expect(result).toMatchObject({ ok: false, error: 'ValidationError' });
  });
});
