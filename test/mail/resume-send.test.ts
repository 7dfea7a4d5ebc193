import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET } from './helpers.js';
import { startSmtpSink } from './smtp-sink.js';

const CLI = path.resolve(import.meta.dirname, '../../dist/cli.js');
const ADDRESSES = ['ann@example.org', 'bob@example.org', 'cat@example.org', 'dan@example.org', 'eve@example.org'];

describe('digest --send after a kill during a catch-up send', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, ...args], { cwd: dir, env, timeout: 30_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });

  beforeAll(async () => {
    sink = await startSmtpSink();
    dir = await mkdtemp(path.join(tmpdir(), 'fmailsend-resume-'));
    env = { ...process.env, FEEDWRIGHT_EMAIL_SECRET: SECRET, FEEDWRIGHT_SMTP_URL: sink.url, FEEDWRIGHT_DEBUG: '', FEEDWRIGHT_STATE: '', NO_COLOR: '1' };
    await mkdir(path.join(dir, 'articles'));
    for (const day of ['10-31', '11-01', '11-02', '11-03']) {
      await writeFile(path.join(dir, 'articles', `a${day}.md`), `---\ntitle: "Article ${day}"\ndate: 2026-${day}T10:00:00Z\n---\nBody of ${day}.\n`);
    }
    await writeFile(
      path.join(dir, 'feedwright.config.yaml'),
      [
        'site: { title: Resume News, baseUrl: "https://news.example.org/" }',
        'input: articles',
        'out: public',
        'email: { from: "Resume <digest@news.example>", baseUrl: "https://mail.news.example/", ratePerSecond: 5 }',
        'digests:',
        '  - { id: daily, schedule: { every: day, at: "07:00" }, timeZone: UTC }',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('resumes the interrupted issue and mails the ones never reached, nobody twice', async () => {
    expect((await cli(['build', '--skip-digests'])).code).toBe(0);
    // An issue before the list exists: not queued, so never mailed by the later runs.
    expect((await cli(['digest', 'daily', '--at', '2026-11-01T07:00:00Z'])).code).toBe(0);
    expect((await cli(['subscribers', 'add', 'daily', ...ADDRESSES])).code).toBe(0);

    // A catch-up run makes 2, 3 and 4 November and is killed while mailing the first of them.
    const args = ['digest', 'daily', '--at', '2026-11-04T07:00:00Z', '--send'];
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 20_000;
    while (sink.received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await exited;
    const beforeKill = sink.received.length;
    expect(beforeKill).toBeGreaterThanOrEqual(2);
    expect(beforeKill).toBeLessThan(ADDRESSES.length);

    const rerun = await cli(args);
    expect(rerun.code, rerun.stderr).toBe(0);
    const heads = rerun.stdout.split('\n').filter((line) => line.startsWith('daily 2026-')).map((line) => line.slice(0, 16));
    expect(heads).toEqual(['daily 2026-11-02', 'daily 2026-11-03', 'daily 2026-11-04']);

    const got = new Map<string, string[]>();
    for (const { parsed, envelopeTo } of sink.received) {
      const subject = parsed.subject ?? '';
      got.set(subject, [...(got.get(subject) ?? []), ...envelopeTo]);
    }
    const sorted = (subject: string) => [...(got.get(subject) ?? [])].sort();
    expect(sorted('Resume News — Daily digest, 1 November 2026')).toEqual([]);
    expect(sorted('Resume News — Daily digest, 3 November 2026')).toEqual(ADDRESSES);
    expect(sorted('Resume News — Daily digest, 4 November 2026')).toEqual(ADDRESSES);
    // The one send in flight at the kill may or may not have gone out; it is in doubt, never repeated.
    const second = sorted('Resume News — Daily digest, 2 November 2026');
    expect(new Set(second).size).toBe(second.length);
    expect(second.length).toBeGreaterThanOrEqual(ADDRESSES.length - 1);
    const inDoubt = rerun.stdout.split('\n').filter((line) => line.includes('in doubt (')).length;
    expect(second.length + inDoubt).toBeGreaterThanOrEqual(ADDRESSES.length);

    // Everything finished: a third run mails nothing more.
    const count = sink.received.length;
    expect((await cli(args)).code).toBe(0);
    expect(sink.received.length).toBe(count);
  }, 60_000);
});
