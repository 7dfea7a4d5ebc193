import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { buildDeps, type FunctionDeps } from '../../functions/deps.js';
import { createJsonLogger } from '../../functions/log.js';
import { createRunHandler } from '../../functions/run.js';
import { makeInputFolder, publishIsImplemented } from './s3-fixtures.js';
import { startS3rver, TEST_BUCKET, type S3rverHandle } from './s3rver-server.js';

const ready = await publishIsImplemented();

describe('run handler against s3rver', () => {
  let server: S3rverHandle;
  let inputDir: string;
  let lines: string[];
  let deps: FunctionDeps;

  beforeAll(async () => {
    server = await startS3rver();
    inputDir = await makeInputFolder();
    lines = [];
    // Built from the env exactly as on Lambda, with the server's endpoint in AWS_ENDPOINT_URL_S3.
    deps = buildDeps(
      {
        ...server.env,
        FEEDWRIGHT_INPUT: inputDir,
        FEEDWRIGHT_OUT: `s3://${TEST_BUCKET}/site/`,
        FEEDWRIGHT_BASE_URL: 'https://cdn.example/site/',
      },
      { clock: fixedClock('2026-05-04T07:30:00Z'), log: createJsonLogger((line) => lines.push(line)) },
    );
  });
  afterAll(async () => {
    await server.dispose();
    await rm(inputDir, { recursive: true, force: true });
  });

  it.skipIf(!ready)('publishes for {"action":"publish"} and logs a JSON run summary', async () => {
    const result = await createRunHandler(() => deps)({ action: 'publish' });
    if (!result.ok) throw new Error(`expected ok, got ${result.message}`);
    expect(result.report.written).toContain('feed.xml');
    expect(await deps.output.list('')).toContain('feed.xml');
    const feed = await fetch(`${server.endpoint}/${TEST_BUCKET}/site/feed.xml`).then((r) => r.text());
    expect(feed).toContain('https://cdn.example/site/');

    const summary = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'run summary');
    expect(summary).toMatchObject({
      level: 'info',
      action: 'publish',
      articles: result.report.articles,
      rejected: 0,
      written: result.report.written.length,
      unchanged: 0,
      dryRun: false,
    });
    expect(typeof summary?.durationMs).toBe('number');
  });

  it.skipIf(!ready)('writes nothing for a dry run', async () => {
    const before = await deps.output.list('');
    const result = await createRunHandler(() => deps)({ action: 'publish', dryRun: true, force: true });
    expect(result.ok).toBe(true);
    expect(await deps.output.list('')).toEqual(before);
  });

  it.each([
    [{ action: 'digest' }, 'digest'],
    [{ action: 'publish', dryrun: true }, 'dryrun'],
    [{ action: 'delete' }, 'action'],
    [{ action: 'digest', digest: 'daily', at: 'yesterday' }, 'at'],
    [{ action: 'digest', digest: 'daily', at: '2025-03-01T00:00:00Z', since: '2025-03-02T00:00:00Z' }, 'since'],
    ['publish', ''],
    [null, ''],
  ])('answers the invalid payload %j with a ValidationError naming the problem', async (payload, mentions) => {
    const before = await deps.output.list('');
    const result = await createRunHandler(() => deps)(payload);
    expect(result).toMatchObject({ ok: false, error: 'ValidationError' });
    if (!result.ok) expect(result.message).toContain(mentions);
    expect(await deps.output.list('')).toEqual(before);
  });
});
