import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDeps, type FunctionDeps } from '../../functions/deps.js';
import { createDigestHandler } from '../../functions/digest.js';
import { invokeFunction } from '../../functions/invoke.js';
import { createJsonLogger } from '../../functions/log.js';
import { createPublishHandler } from '../../functions/publish.js';
import { createRunHandler } from '../../functions/run.js';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { createLocalStore, createMemoryStore, STATE_OBJECT_META, StorageError } from '../../src/storage/index.js';
import { ValidationError } from '../../functions/errors.js';
import { SEEDS_DIR, seedFunctionDeps } from '../support/function-deps.js';

const seeds = fileURLToPath(new URL('../../seeds/', import.meta.url));
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

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
    // No FEEDWRIGHT_STATE: the sibling prefix of the site in the same bucket, never under site/.
    expect(deps.state.description).toBe('s3://feeds/feedwright-state/site/');
  });

  it('takes the state location from FEEDWRIGHT_STATE', () => {
    const deps = buildDeps({ ...base, FEEDWRIGHT_STATE: 's3://private-state/feedwright/' });
    expect(deps.state.description).toBe('s3://private-state/feedwright/');
    expect(deps.config.state).toBe('s3://private-state/feedwright/');
  });

  it.each([
    [{ FEEDWRIGHT_OUT: 'public' }, 'FEEDWRIGHT_INPUT'],
    [{ FEEDWRIGHT_INPUT: 'seeds' }, 'FEEDWRIGHT_OUT'],
    [{ ...base, FEEDWRIGHT_BASE_URL: 'not a url' }, 'FEEDWRIGHT_BASE_URL'],
    [{ ...base, FEEDWRIGHT_CONFIG: '{"site":' }, 'not valid JSON'],
    [{ ...base, FEEDWRIGHT_CONFIG: '[1]' }, 'expected a JSON object'],
    [{ ...base, FEEDWRIGHT_CONFIG: '{"site":{"title":"A"},"site":{"title":"B"}}' }, 'duplicate key "site"'],
    [{ ...base, FEEDWRIGHT_CONFIG: '{"feeds":{"size":3}}' }, 'feeds'],
    [{ ...base, FEEDWRIGHT_OUT: 's3://Bad_Bucket/' }, 'Bad_Bucket'],
    [{ ...base, FEEDWRIGHT_STATE: 's3://feeds/site/state/' }, 'the state (FEEDWRIGHT_STATE=s3://feeds/site/state/) is inside the output (FEEDWRIGHT_OUT=s3://feeds/site/)'],
    [{ ...base, FEEDWRIGHT_STATE: 'seeds/state' }, 'the state (FEEDWRIGHT_STATE=seeds/state) is inside the input (FEEDWRIGHT_INPUT=seeds)'],
  ])('refuses %j, naming %s', (env, mentions) => {
    expect(() => buildDeps(env)).toThrow(mentions);
  });
});

/** What an EventBridge rule schedule without `input:` (serverless.yml's publish) delivers: the whole event. */
const SCHEDULED_EVENT = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-03-30T12:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/feedwright-dev-PublishEventsRuleSchedule1-ABC'],
  detail: {},
};

/** A handler whose deps record whether they were built: a refused event must not build them. */
function watched<T>(make: (getDeps: () => FunctionDeps, log: ReturnType<typeof createJsonLogger>) => (event: unknown) => Promise<T>) {
  const state = { built: false };
  const deps = seedFunctionDeps();
  const handler = make(() => {
    state.built = true;
    return deps;
  }, createJsonLogger(() => undefined));
  return { handler, state, deps };
}

describe('publish handler', () => {
  it('honours dryRun: computes the run, writes nothing to the output or the state', async () => {
    const { handler, deps } = watched(createPublishHandler);
    const report = await handler({ dryRun: true });
    expect(report).toMatchObject({ action: 'publish', dryRun: true });
    expect(report.written).toContain('feed.xml');
    expect(await deps.output.list('')).toEqual([]);
    expect(await deps.state.list('')).toEqual([]);
  });

  it.each([{ foo: 1 }, { dryrun: true }, { ...SCHEDULED_EVENT, dryRun: 'true' }, { ...SCHEDULED_EVENT, extra: 1 }, null])(
    'refuses %j with invalid-payload before building deps or writing',
    async (event) => {
      const { handler, state } = watched(createPublishHandler);
      await expect(handler(event)).rejects.toMatchObject({ name: 'ValidationError', code: 'invalid-payload' });
      expect(state.built).toBe(false);
    },
  );

  it('accepts an EventBridge scheduled event and logs one JSON summary line', async () => {
    const lines: string[] = [];
    const deps = seedFunctionDeps(lines);
    const report = await createPublishHandler(() => deps)(SCHEDULED_EVENT);
    expect(report.action).toBe('publish');
    expect(report.written).toContain('feed.xml');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.every((l) => typeof l.level === 'string' && typeof l.msg === 'string')).toBe(true);
    expect(parsed.filter((l) => l.msg === 'run summary')).toEqual([
      expect.objectContaining({ articles: report.articles, written: report.written.length, rejected: report.rejected.length }),
    ]);
  });

  it('logs each rejected article and each warning once per run', async () => {
    // The seeds carry one warning (a missing image); a broken article is added beside them.
    const lines: string[] = [];
    const input = createMemoryStore();
    const seeds = createLocalStore(SEEDS_DIR);
    for (const key of await seeds.list('')) await input.write(key, (await seeds.read(key)) ?? new Uint8Array(), STATE_OBJECT_META);
    await input.write('broken.md', '---\ntitle: [unclosed\n---\nbody\n', STATE_OBJECT_META);
    const report = await createPublishHandler(() => ({ ...seedFunctionDeps(lines), input }))({});
    expect(report.rejected.map((r) => r.path)).toEqual(['broken.md']);
    expect(report.warnings?.length).toBe(1);
    const warned = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'warn');
    expect(warned.map((l) => l.path).sort()).toEqual(['2026-01-12-tidal-lagoon-pilot.md', 'broken.md']);
  });

  it('logs a storage failure once, at error level with its code, and rethrows it', async () => {
    const lines: string[] = [];
    const broken = createMemoryStore();
    broken.write = async (key) => {
      throw new StorageError(`cannot write ${key}: disk full`, { key });
    };
    const deps = { ...seedFunctionDeps(lines), output: broken };
    await expect(createPublishHandler(() => deps)({})).rejects.toBeInstanceOf(StorageError);
    const errors = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ msg: 'publish failed', code: 'storage', bug: false, error: 'StorageError' })]);
    expect(errors[0]).not.toHaveProperty('stack');
    expect(lines.some((l) => l.includes('"level":"warn"') && l.includes('failed'))).toBe(false);
  });

  it('logs a bug (not a FeedwrightError) once, with code internal-error and its stack', async () => {
    const lines: string[] = [];
    const broken = createMemoryStore();
    broken.write = async () => {
      throw new TypeError('cannot read properties of undefined');
    };
    const deps = { ...seedFunctionDeps(lines), output: broken };
    await expect(createPublishHandler(() => deps)({})).rejects.toBeInstanceOf(TypeError);
    const errors = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'internal-error', bug: true, error: 'TypeError' })]);
    expect(String(errors[0]?.stack)).toMatch(/\n\s+at /);
  });

  it('logs a bad environment once through the fallback logger and fails the invocation', async () => {
    const lines: string[] = [];
    const handler = createPublishHandler(() => buildDeps({ FEEDWRIGHT_OUT: 'public' }), createJsonLogger((l) => lines.push(l)));
    await expect(handler({})).rejects.toBeInstanceOf(ConfigError);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'error', msg: 'publish failed', code: 'invalid-config' }),
    ]);
  });
});

describe('digest handler', () => {
  it('issues the digest due at the scheduled time given in the event', async () => {
    // publishEmpty: the issue is written even if no seed falls in the window, so its key shows the date used.
    const deps = {
      ...seedFunctionDeps(),
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

  it('honours dryRun: names the issue it would write, writes nothing', async () => {
    const { handler, deps } = watched(createDigestHandler);
    const report = await handler({ digest: 'daily', time: '2026-03-29T07:00:00Z', dryRun: true });
    expect(report).toMatchObject({ action: 'digest', dryRun: true });
    expect(report.written.some((k) => k.startsWith('digests/daily/'))).toBe(true);
    expect(await deps.output.list('')).toEqual([]);
    expect(await deps.state.list('')).toEqual([]);
  });

  it.each([
    { digest: 'daily', time: '2026-11-27T07:00:00Z', dryRun: true, bogus: 1 },
    { digest: 'daily', dryrun: true },
    { digest: 'daily', dryRun: 'yes' },
    { digest: 'daily', at: '2026-11-27T07:00:00Z' },
  ])('refuses %j with invalid-payload before building deps or writing', async (event) => {
    const { handler, state } = watched(createDigestHandler);
    await expect(handler(event)).rejects.toMatchObject({ name: 'ValidationError', code: 'invalid-payload' });
    expect(state.built).toBe(false);
  });

  it('refuses an event without a digest id, logging it once at error level', async () => {
    const lines: string[] = [];
    const deps = seedFunctionDeps(lines);
    await expect(createDigestHandler(() => deps, deps.log)({ time: '2026-03-29T07:00:00Z' })).rejects.toBeInstanceOf(ValidationError);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'error', msg: 'digest failed', code: 'invalid-payload' }),
    ]);
  });

  it.each(['Daily', 'daily--x', '-daily', 'daily-', 'a/b', '../x', 'x'.repeat(41), ''])('refuses the digest id %j before using it', async (digest) => {
    let built = false;
    const handler = createDigestHandler(
      () => {
        built = true;
        return seedFunctionDeps();
      },
      createJsonLogger(() => undefined),
    );
    await expect(handler({ digest })).rejects.toBeInstanceOf(ValidationError);
    expect(built).toBe(false);
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

  it('opens the output and state read-only for a dryRun payload: a dead writer\'s temp files stay', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'feedwright-invoke-dry-'));
    temps.push(base);
    const env = { FEEDWRIGHT_INPUT: seeds, FEEDWRIGHT_OUT: path.join(base, 'out'), FEEDWRIGHT_STATE: path.join(base, 'state') };
    const invoke = (data: object) => invokeFunction('run', data, undefined, { env, log: createJsonLogger(() => undefined) });
    expect(await invoke({ action: 'publish' })).toMatchObject({ ok: true });
    const hoursAgo = new Date(Date.now() - 3 * 3600_000);
    const stale = [path.join(base, 'out', '.feedwright-tmp-deadhost-1-a'), path.join(base, 'state', '.feedwright-tmp-deadhost-1-b')];
    for (const file of stale) {
      await writeFile(file, 'half of a killed write');
      await utimes(file, hoursAgo, hoursAgo);
    }
    expect(await invoke({ action: 'publish', dryRun: true, force: true })).toMatchObject({ ok: true, report: { dryRun: true } });
    expect(stale.map((file) => existsSync(file))).toEqual([true, true]);
  });

  it('uses the deps it is given', async () => {
    const deps = seedFunctionDeps();
    const result = await invokeFunction('run', { action: 'publish', dryRun: true }, deps);
    expect(result).toMatchObject({ ok: true, report: { dryRun: true } });
    expect(await deps.output.list('')).toEqual([]);
  });

  it('answers a bad payload without building anything', async () => {
    const result = await invokeFunction('run', { action: 'digest' }, undefined, { env: { FEEDWRIGHT_OUT: 's3://x' } });
    expect(result).toMatchObject({ ok: false, error: 'ValidationError' });
  });

  // The scheduled handlers fail a deployed invocation instead (alarms see a broken schedule); by hand, the
  // caller gets the same answer from every function.
  it.each([
    ['publish', { foo: 1 }],
    ['digest', {}],
    ['digest', null],
    ['digest', { digest: 'daily', time: 'bad' }],
    ['run', { action: 'publish', extra: 1 }],
  ] as const)('answers %s %j with the one envelope, without building anything', async (name, payload) => {
    const result = await invokeFunction(name, payload, undefined, { env: { FEEDWRIGHT_OUT: 's3://x' }, log: createJsonLogger(() => undefined) });
    expect(result).toEqual({ ok: false, error: 'ValidationError', code: 'invalid-payload', message: expect.stringMatching(/\S/) });
  });
});

/** Malformed run payloads, by kind: wrong types, huge strings, nested junk, prototype keys, hostile objects. */
function malformedPayloads(): unknown[] {
  const huge = 'x'.repeat(5_000_000);
  let deep: unknown = {};
  for (let i = 0; i < 2000; i++) deep = { a: deep };
  const wrongValues: unknown[] = [null, 42, -1, Number.NaN, true, 'Yes!', [], [1], {}, { a: 1 }, huge, '__proto__'];
  const payloads: unknown[] = [
    undefined,
    null,
    0,
    'publish',
    huge,
    [],
    [{ action: 'publish' }],
    {},
    Object.create(null),
    deep,
    { action: 'publish', nested: deep },
    JSON.parse('{"action":"publish","__proto__":{"polluted":true}}'),
    JSON.parse('{"__proto__":{"action":"publish"}}'),
    { action: 'publish', constructor: { prototype: { polluted: true } } },
    { action: 'digest', digest: 'daily', prototype: {} },
    { action: 'publish', dryRun: 'true' },
    { action: 'PUBLISH' },
    { action: huge },
    { action: 'digest', digest: huge },
    { action: 'digest', digest: `daily${huge}` },
    { action: 'digest', digest: 'daily', at: huge },
    { action: 'digest', digest: 'daily', since: '0001-01-01T00:00:00Z' },
    { action: 'digest', digest: 'daily', since: '1969-12-31T23:59:59Z' },
    { action: 'digest', digest: 'daily', since: '2026-01-01' },
    { action: 'digest', digest: 'daily', at: '2026-13-01T00:00:00Z' },
    { [huge]: 1, action: 'publish' },
    new Proxy(
      {},
      {
        get() {
          throw new Error('hostile getter');
        },
        ownKeys() {
          throw new Error('hostile keys');
        },
      },
    ),
    Object.defineProperty({ action: 'publish' }, 'dryRun', {
      enumerable: true,
      get() {
        throw new Error('hostile getter');
      },
    }),
  ];
  for (const field of ['dryRun', 'force', 'allowMassDelete', 'rebuildState']) {
    for (const value of [null, 1, 'true', [], {}]) payloads.push({ action: 'publish', [field]: value });
  }
  for (const field of ['digest', 'at', 'since']) {
    for (const value of wrongValues) payloads.push({ action: 'digest', digest: 'daily', [field]: value });
  }
  return payloads;
}

describe('run handler envelope', () => {
  const payloads = malformedPayloads();

  it(`answers each of ${payloads.length} malformed payloads with a ValidationError, never throwing or building deps`, async () => {
    expect(payloads.length).toBeGreaterThanOrEqual(80);
    const lines: string[] = [];
    let built = 0;
    const handler = createRunHandler(() => {
      built++;
      return seedFunctionDeps(lines);
    }, createJsonLogger((l) => lines.push(l)));
    for (const payload of payloads) {
      const before = lines.length;
      const result = await handler(payload);
      expect(result).toMatchObject({ ok: false, error: 'ValidationError', code: 'invalid-payload' });
      if (!result.ok) expect(result.message.length).toBeLessThan(3000);
      // One line per refusal, each small whatever the payload held.
      expect(lines.length).toBe(before + 1);
      expect(lines.at(-1)?.length).toBeLessThan(4000);
    }
    expect(built).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps log lines small for a 5 MB digest id, in the run and the digest handler', async () => {
    const lines: string[] = [];
    const log = createJsonLogger((l) => lines.push(l));
    const id = 'd'.repeat(5 * 1024 * 1024);
    const answered = await createRunHandler(() => seedFunctionDeps(lines), log)({ action: 'digest', digest: id });
    expect(answered).toMatchObject({ ok: false, code: 'invalid-payload' });
    await expect(createDigestHandler(() => seedFunctionDeps(lines), log)({ digest: id })).rejects.toBeInstanceOf(ValidationError);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThan(2000);
  });

  it('cuts long strings in any logged field', () => {
    const lines: string[] = [];
    createJsonLogger((l) => lines.push(l)).info('x', { trigger: 'y'.repeat(100_000), nested: { deep: ['z'.repeat(100_000)] } });
    const parsed = JSON.parse(lines[0] ?? '') as { trigger: string; nested: { deep: string[] } };
    expect(parsed.trigger).toMatch(/^y{1000}… \(100000 characters\)$/);
    expect(parsed.nested.deep[0]).toMatch(/^z{1000}… \(100000 characters\)$/);
  });

  it('answers an unknown digest and a too-long backfill with their codes, writing nothing', async () => {
    const deps = seedFunctionDeps();
    const handler = createRunHandler(() => deps, deps.log);
    expect(await handler({ action: 'digest', digest: 'hourly' })).toMatchObject({ ok: false, error: 'ValidationError', code: 'unknown-digest' });
    const backfill = await handler({ action: 'digest', digest: 'daily', since: '2020-01-01T00:00:00Z', at: '2026-01-01T00:00:00Z' });
    expect(backfill).toMatchObject({ ok: false, code: 'backfill-too-long' });
    // 2020-01-01 07:00 … 2025-12-31 07:00: 6 years with two leap days = 2,192 daily issues.
    if (!backfill.ok) expect(backfill.message).toMatch(/2192 scheduled times \(empty windows count\), at most 400/);
    const since1 = await handler({ action: 'digest', digest: 'daily', since: '0001-01-01T00:00:00Z' });
    expect(since1).toMatchObject({ ok: false, code: 'invalid-payload' });
    if (!since1.ok) expect(since1.message).toMatch(/since/);
    expect(await deps.output.list('')).toEqual([]);
    expect(await deps.state.list('')).toEqual([]);
  });

  it('accepts allowMassDelete and rebuildState on a publish', async () => {
    const deps = seedFunctionDeps();
    const result = await createRunHandler(() => deps, deps.log)({ action: 'publish', dryRun: true, allowMassDelete: true, rebuildState: true });
    expect(result).toMatchObject({ ok: true, report: { action: 'publish', dryRun: true } });
  });

  it('fails the invocation when a publish would empty the site, logging mass-delete-refused once; allowMassDelete lets it through', async () => {
    const lines: string[] = [];
    const deps = seedFunctionDeps(lines);
    const run = createRunHandler(() => deps, deps.log);
    expect(await run({ action: 'publish' })).toMatchObject({ ok: true });
    const published = await deps.output.list('');
    expect(published.length).toBeGreaterThan(5);
    // The input prefix is now empty (a wrong prefix, a sync gone wrong).
    const emptied: FunctionDeps = { ...deps, input: createMemoryStore() };
    const refusing = createRunHandler(() => emptied, deps.log);
    lines.length = 0;
    await expect(refusing({ action: 'publish' })).rejects.toMatchObject({ code: 'mass-delete-refused' });
    expect(await deps.output.list('')).toEqual(published);
    const errors = lines.map((l) => JSON.parse(l) as { level: string; code?: string }).filter((l) => l.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'mass-delete-refused' })]);
    const allowed = await refusing({ action: 'publish', allowMassDelete: true });
    expect(allowed).toMatchObject({ ok: true, report: { articles: 0 } });
    expect((await deps.output.list('')).some((k) => k.startsWith('articles/'))).toBe(false);
  });
});
