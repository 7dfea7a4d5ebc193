import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET } from './helpers.js';
import { startSmtpSink } from './smtp-sink.js';

const run = promisify(execFile);
const cliPath = path.resolve(import.meta.dirname, '../../dist/cli.js');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** A site with three articles (one per day from 2026-11-01), `daily` issued for 2026-11-02, and subscribers. */
async function makeSite(prefix: string, subscribers: string[]): Promise<{ dir: string; cli: (args: string[], env?: Record<string, string>) => Promise<Ran> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const cli = async (args: string[], env: Record<string, string> = {}): Promise<Ran> => {
    const base = { ...process.env, FEEDWRIGHT_EMAIL_SECRET: SECRET, FEEDWRIGHT_SMTP_URL: 'smtp://127.0.0.1:1', FEEDWRIGHT_STATE: '', ...env };
    try {
      const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], { cwd: dir, env: base });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as Ran;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  await mkdir(path.join(dir, 'articles'));
  for (const day of ['01', '02', '03', '04']) {
    await writeFile(path.join(dir, 'articles', `a${day}.md`), `---\ntitle: "Article ${day}"\ndate: 2026-11-${day}T10:00:00Z\n---\nBody of ${day}.\n`);
  }
  await writeFile(
    path.join(dir, 'feedwright.config.json'),
    JSON.stringify({
      site: { title: 'Example News', baseUrl: 'https://news.example.org/' },
      input: 'articles',
      out: 'public',
      state: 'state',
      email: { from: 'Example News <digest@news.example>', baseUrl: 'https://mail.news.example/', ratePerSecond: 1000 },
      digests: [{ id: 'daily', schedule: { every: 'day', at: '07:00' }, timeZone: 'UTC' }],
    }),
  );
  expect((await cli(['build', '--skip-digests'])).code).toBe(0);
  expect((await cli(['digest', 'daily', '--at', '2026-11-02T07:00:00Z'])).code).toBe(0);
  if (subscribers.length > 0) expect((await cli(['subscribers', 'add', 'daily', ...subscribers])).code).toBe(0);
  return { dir, cli };
}

/** Every file under `folder` (relative), or [] when it does not exist. */
async function filesUnder(folder: string): Promise<string[]> {
  if (!existsSync(folder)) return [];
  return (await readdir(folder, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(folder, path.join(e.parentPath, e.name)));
}

/** stdout must be exactly one JSON object (one line): no second object, no text. */
function oneJsonObject(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((l) => l !== '');
  expect(lines, stdout).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('FEEDWRIGHT_SMTP_URL is checked before anything is written or sent', () => {
  let site: Awaited<ReturnType<typeof makeSite>>;
  beforeAll(async () => {
    site = await makeSite('fw-smtp-url-', ['ann@example.org']);
  }, 60_000);
  afterAll(() => rm(site.dir, { recursive: true, force: true }));

  for (const url of ['smtp//host', 'smtp://host:99999', 'http://x']) {
    it(`refuses ${url} with exit 2 naming the variable, before issuing and before any send record`, async () => {
      const digest = await site.cli(['digest', 'daily', '--at', '2026-11-03T07:00:00Z', '--send'], { FEEDWRIGHT_SMTP_URL: url });
      expect(digest.code, digest.stderr).toBe(2);
      expect(digest.stderr).toContain('FEEDWRIGHT_SMTP_URL');
      expect(digest.stderr).toContain('(code: invalid-config)');
      expect(existsSync(path.join(site.dir, 'public/digests/daily/2026-11-03.json'))).toBe(false);
      const send = await site.cli(['mail', 'send', 'daily', '--json'], { FEEDWRIGHT_SMTP_URL: url });
      expect(send.code, send.stderr).toBe(2);
      expect(send.stderr).toContain('FEEDWRIGHT_SMTP_URL');
      expect(oneJsonObject(send.stdout)).toMatchObject({ ok: false, exitCode: 2, code: 'invalid-config' });
      expect(await filesUnder(path.join(site.dir, 'state/mail'))).toEqual([]);
    }, 30_000);
  }
});

describe('a temporary failure on every attempt', () => {
  let site: Awaited<ReturnType<typeof makeSite>>;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    sink = await startSmtpSink({ deferRcpt: ['tim@example.org'] });
    site = await makeSite('fw-temp-fail-', ['ann@example.org', 'tim@example.org']);
  }, 60_000);
  afterAll(async () => {
    await sink.close();
    await rm(site.dir, { recursive: true, force: true });
  });

  it('is retried twice, then the last attempt says it gave up (never "permanent"); --json is one object whose ok agrees with the exit code', async () => {
    const env = { FEEDWRIGHT_SMTP_URL: sink.url };
    for (const attempt of [1, 2]) {
      const result = await site.cli(['mail', 'send', 'daily', '--json'], env);
      expect(result.code, `attempt ${attempt}: ${result.stderr}`).toBe(3);
      const report = oneJsonObject(result.stdout);
      expect(report).toMatchObject({ ok: false, exitCode: 3, failed: [{ address: 'tim@example.org', permanent: false, code: 'send-retry-pending' }] });
    }
    const last = await site.cli(['mail', 'send', 'daily'], env);
    expect(last.code, last.stderr).toBe(3);
    const failedLine = last.stdout.split('\n').find((l) => l.includes('tim@example.org'));
    expect(failedLine).toMatch(/^ {2}failed \(temporary; gave up after 3 attempts, not retried\): tim@example\.org: .*451.* \(code: send-attempts-exhausted\)$/);
    const after = await site.cli(['mail', 'send', 'daily'], env);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).not.toContain('permanent');
    expect(after.stdout).toMatch(/\n {2}failed in an earlier run \(temporary; gave up after 3 attempts, not retried\): tim@example\.org: /);
    expect(sink.received.map((r) => r.envelopeTo)).toEqual([['ann@example.org']]);
  }, 60_000);
});

describe('mail send --json on a failure', () => {
  let site: Awaited<ReturnType<typeof makeSite>>;
  beforeAll(async () => {
    site = await makeSite('fw-json-fail-', ['ann@example.org']);
  }, 60_000);
  afterAll(() => rm(site.dir, { recursive: true, force: true }));

  it('prints one failure object on stdout when the send cannot start', async () => {
    const result = await site.cli(['mail', 'send', 'daily', '--date', '2026-01-01', '--json']);
    expect(result.code, result.stderr).toBe(2);
    expect(oneJsonObject(result.stdout)).toMatchObject({ ok: false, exitCode: 2, code: 'issue-not-found' });
  }, 30_000);
});

describe('digest --send while another run holds the send lease', () => {
  let site: Awaited<ReturnType<typeof makeSite>>;
  const lease = JSON.stringify({ owner: 'mail-daily@another-host#1#x', token: 't', acquiredAt: '2026-11-03T07:00:00Z', expiresAt: '2099-01-01T00:00:00Z' });
  beforeAll(async () => {
    site = await makeSite('fw-lease-held-', ['ann@example.org']);
    await mkdir(path.join(site.dir, 'state/mail/daily'), { recursive: true });
    for (const date of ['2026-11-02', '2026-11-03', '2026-11-04']) await writeFile(path.join(site.dir, `state/mail/daily/${date}.lease.json`), lease);
  }, 60_000);
  afterAll(() => rm(site.dir, { recursive: true, force: true }));

  it('still names the issues it wrote and says their sending was left to the lease holder (text)', async () => {
    const result = await site.cli(['digest', 'daily', '--at', '2026-11-03T07:00:00Z', '--send']);
    expect(result.code, result.stderr).toBe(3);
    expect(existsSync(path.join(site.dir, 'public/digests/daily/2026-11-03.json'))).toBe(true);
    expect(result.stdout).toContain('issued 2026-11-03');
    expect(result.stdout).toMatch(/daily 2026-11-03: not sent by this run: another run holds its send lease .*; that run sends it \(code: lease-held\)/);
    expect(result.stderr).not.toContain('nothing was changed');
  }, 30_000);

  it('--json: one object with the issues written, ok false, and the send left to the lease holder', async () => {
    const result = await site.cli(['digest', 'daily', '--at', '2026-11-04T07:00:00Z', '--send', '--json']);
    expect(result.code, result.stderr).toBe(3);
    const report = oneJsonObject(result.stdout);
    expect(report).toMatchObject({ ok: false, exitCode: 3, issues: ['2026-11-04'] });
    // 2026-11-03, left unsent by the test above, is still queued: both are left to the holder.
    expect(report.sendLeftToLeaseHolder).toEqual([
      expect.objectContaining({ digestId: 'daily', date: '2026-11-03', code: 'lease-held' }),
      expect.objectContaining({ digestId: 'daily', date: '2026-11-04', code: 'lease-held' }),
    ]);
  }, 30_000);
});

describe('digest --send --quiet', () => {
  let site: Awaited<ReturnType<typeof makeSite>>;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    sink = await startSmtpSink({ deferRcpt: ['tim@example.org'] });
    site = await makeSite('fw-quiet-', ['ann@example.org', 'tim@example.org']);
  }, 60_000);
  afterAll(async () => {
    await sink.close();
    await rm(site.dir, { recursive: true, force: true });
  });

  it('prints each warning once, as a bare line on stderr, and nothing else', async () => {
    const result = await site.cli(['digest', 'daily', '--at', '2026-11-03T07:00:00Z', '--send', '--quiet'], { FEEDWRIGHT_SMTP_URL: sink.url });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter((l) => l !== '');
    // Only the issue this run made is mailed (2026-11-02 was issued without --send, so it is not queued).
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^failed: tim@example\.org: .*451.* \(code: send-retry-pending\)$/);
  }, 30_000);
});

describe('subscribers remove and import', () => {
  let site: Awaited<ReturnType<typeof makeSite>>;
  beforeAll(async () => {
    site = await makeSite('fw-subscribers-', ['ann@example.org']);
  }, 60_000);
  afterAll(() => rm(site.dir, { recursive: true, force: true }));

  const listed = async () => (JSON.parse((await site.cli(['subscribers', 'list', 'daily', '--json'])).stdout) as { address: string }[]).map((s) => s.address);

  it('remove names an address that is not on the list, removes nothing, exit 2', async () => {
    const result = await site.cli(['subscribers', 'remove', 'daily', 'ann@example.org', 'Nobody@Example.org']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim()).toBe('feedwright subscribers: daily: 1 address(es) not subscribed, nothing removed; "nobody@example.org" (code: not-subscribed)');
    expect(await listed()).toEqual(['ann@example.org']);
  }, 30_000);

  it('import refuses a consent time in the future, naming file:line and the field; nothing is added', async () => {
    await writeFile(path.join(site.dir, 'future.csv'), 'email,source,consented\nbea@example.org,,2026-10-01T00:00:00Z\ncal@example.org,,2099-01-01T00:00:00Z\n');
    const result = await site.cli(['subscribers', 'import', 'daily', 'future.csv']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim()).toBe('feedwright subscribers: future.csv:3: consent time "2099-01-01T00:00:00Z" is in the future (code: invalid-csv)');
    expect(await listed()).toEqual(['ann@example.org']);
  }, 30_000);
});
