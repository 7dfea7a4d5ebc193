import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET } from './helpers.js';
import { startSmtpSink } from './smtp-sink.js';

const run = promisify(execFile);
const cliPath = path.resolve(import.meta.dirname, '../../dist/cli.js');

// The bundled CLI as users run it: `digest --send` parses its flags once, with the digest's.
describe('feedwright digest <id> --send with --json / --quiet', () => {
  let dir: string;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;

  async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    const base = { ...process.env, FEEDWRIGHT_EMAIL_SECRET: SECRET, FEEDWRIGHT_SMTP_URL: sink.url, ...env };
    try {
      const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], { cwd: dir, env: base });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'feedwright-digest-send-'));
    sink = await startSmtpSink();
    await mkdir(path.join(dir, 'articles'));
    for (const [name, date] of [['a1', '2026-11-01T10:00:00Z'], ['a2', '2026-11-02T10:00:00Z'], ['a3', '2026-11-03T10:00:00Z']]) {
      await writeFile(path.join(dir, 'articles', `${name}.md`), `---\ntitle: "Article ${name}"\ndate: ${date}\n---\nBody of ${name}.\n`);
    }
    await writeFile(
      path.join(dir, 'feedwright.config.json'),
      JSON.stringify({
        site: { title: 'Example News', baseUrl: 'https://news.example.org/' },
        input: 'articles',
        out: 'public',
        email: { from: 'Example News <digest@news.example>', baseUrl: 'https://mail.news.example/', ratePerSecond: 1000 },
        digests: [{ id: 'daily', schedule: { every: 'day', at: '07:00' }, timeZone: 'UTC' }],
      }),
    );
    expect((await cli(['build', '--skip-digests'])).code).toBe(0);
    expect((await cli(['digest', 'daily', '--at', '2026-11-02T07:00:00Z'])).code).toBe(0);
    expect((await cli(['subscribers', 'add', 'daily', 'ann@example.org', 'bob@example.org'])).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses --send without a token key before it writes the issue (--json: one failure object)', async () => {
    const result = await cli(['digest', 'daily', '--at', '2026-11-03T07:00:00Z', '--send', '--json'], { FEEDWRIGHT_EMAIL_SECRET: '' });
    expect(result.code, result.stderr).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, exitCode: 2, code: 'email-not-configured' });
    expect(existsSync(path.join(dir, 'public/digests/daily/2026-11-03.json'))).toBe(false);
    expect(sink.received).toHaveLength(0);
  }, 30_000);

  it('--send --json issues and mails, and prints one JSON object with the send report', async () => {
    const result = await cli(['digest', 'daily', '--at', '2026-11-03T07:00:00Z', '--send', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; issues: string[]; send: { date: string; sent: string[] }[] };
    expect(report.ok).toBe(true);
    expect(report.issues).toEqual(['2026-11-03']);
    expect(report.send).toHaveLength(1);
    expect(report.send[0]).toMatchObject({ date: '2026-11-03', sent: ['ann@example.org', 'bob@example.org'] });
    expect(sink.received.map((r) => r.envelopeTo)).toEqual([['ann@example.org'], ['bob@example.org']]);
  }, 30_000);

  it('--send --quiet issues and mails, printing nothing', async () => {
    const before = sink.received.length;
    const result = await cli(['digest', 'daily', '--at', '2026-11-04T07:00:00Z', '--send', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
    expect(existsSync(path.join(dir, 'public/digests/daily/2026-11-04.json'))).toBe(true);
    expect(sink.received.slice(before).map((r) => r.envelopeTo)).toEqual([['ann@example.org'], ['bob@example.org']]);
  }, 30_000);
});
