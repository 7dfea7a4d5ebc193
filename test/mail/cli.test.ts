import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { prepareDigestSend } from '../../src/cli/digest-send.js';
import { printSendReport } from '../../src/cli/send-report.js';
import { runMail } from '../../src/cli/mail-command.js';
import { runSubscribers } from '../../src/cli/subscribers-command.js';
import { createLocalStore } from '../../src/storage/index.js';
import { headerLine, makeIssue, makeMailConfig, publishIssue, SECRET } from './helpers.js';
import { startSmtpSink } from './smtp-sink.js';

describe('feedwright subscribers / mail / digest --send', () => {
  let dir: string;
  let flags: string[];
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const lines: string[] = [];
  const config = makeMailConfig();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'feedwright-mail-cli-'));
    const configFile = path.join(dir, 'feedwright.config.json');
    await writeFile(configFile, JSON.stringify({ site: { title: 'Example News', baseUrl: 'https://news.example/' }, email: { ...config.email, secret: undefined } }));
    flags = ['--config', configFile, '--out', path.join(dir, 'public'), '--state', path.join(dir, 'state')];
    await publishIssue(createLocalStore(path.join(dir, 'public')), makeIssue(config, 3));
    sink = await startSmtpSink();
    vi.stubEnv('FEEDWRIGHT_EMAIL_SECRET', SECRET);
    vi.stubEnv('FEEDWRIGHT_SMTP_URL', sink.url);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    lines.length = 0;
    vi.restoreAllMocks();
  });
  const capture = () => vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));

  it('adds, imports, lists and removes subscribers', async () => {
    capture();
    expect(await runSubscribers(['add', 'daily', 'Ann@Example.org', 'bob@example.org', '--source', 'signup sheet', ...flags])).toBe(0);
    const csv = path.join(dir, 'list.csv');
    await writeFile(csv, 'email,source,consented\ncat@example.org,"fair, booth",2026-10-01T10:00:00Z\n');
    expect(await runSubscribers(['import', 'daily', csv, ...flags])).toBe(0);
    expect(lines.at(-1)).toBe('daily: 1 added, 0 already confirmed, 0 suppressed (bounced/complained)');
    lines.length = 0;
    expect(await runSubscribers(['list', 'daily', '--json', ...flags])).toBe(0);
    const listed = JSON.parse(lines.join('\n')) as { address: string; status: string; source: string; consentAt: string }[];
    expect(listed.map((s) => [s.address, s.status, s.source])).toEqual([
      ['ann@example.org', 'confirmed', 'operator: signup sheet'],
      ['bob@example.org', 'confirmed', 'operator: signup sheet'],
      ['cat@example.org', 'confirmed', 'fair, booth'],
    ]);
    expect(listed[2]?.consentAt).toBe('2026-10-01T10:00:00.000Z');
    expect(await runSubscribers(['remove', 'daily', 'cat@example.org', ...flags])).toBe(0);
    expect(await runSubscribers(['nope', 'daily', ...flags])).toBe(2);
  });

  it('subscribers add and import refuse a list with an invalid address as a whole: nothing added, each one named, exit 2', async () => {
    capture();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const listed = async () => {
      lines.length = 0;
      expect(await runSubscribers(['list', 'weekly', '--json', ...flags])).toBe(0);
      return (JSON.parse(lines.join('\n')) as { address: string }[]).map((s) => s.address);
    };
    expect(await runSubscribers(['add', 'weekly', 'dan@example.org', 'not an address', 'eve@example.org', 'x@', ...flags])).toBe(2);
    const refusal = errors.mock.calls.flat().join('\n');
    expect(refusal).toContain('2 invalid address(es), nothing changed; "not an address": expected local@domain; "x@": expected local@domain');
    expect(refusal).toContain('(code: invalid-address)');
    expect(await listed()).toEqual([]);
    errors.mockClear();
    // A header, a quoted field spanning two lines, then the bad row: named by its file line (4), not its row.
    const csv = path.join(dir, 'bad-row.csv');
    await writeFile(csv, 'email,source\ndan@example.org,"two\nlines"\nnot-an-address,\neve@example.org,\n');
    expect(await runSubscribers(['import', 'weekly', csv, ...flags])).toBe(2);
    expect(errors.mock.calls.flat().join('\n')).toContain(`1 invalid address(es), nothing changed; ${csv}:4: "not-an-address": expected local@domain`);
    expect(await listed()).toEqual([]);
    // remove is all or nothing too.
    expect(await runSubscribers(['add', 'weekly', 'dan@example.org', ...flags])).toBe(0);
    expect(await runSubscribers(['remove', 'weekly', 'dan@example.org', 'nope', ...flags])).toBe(2);
    expect(await listed()).toEqual(['dan@example.org']);
  });

  it('subscribers import names a consent time that is no date by its file line (it was the row index, one off under a header)', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const csv = path.join(dir, 'bad-consent.csv');
    await writeFile(csv, 'email,source,consented\nfay@example.org,,2026-10-01\ngil@example.org,,yesterday\n');
    expect(await runSubscribers(['import', 'weekly', csv, ...flags])).toBe(2);
    expect(errors.mock.calls.flat().join('\n')).toBe(`feedwright subscribers: ${csv}:3: consent time "yesterday" is not a date (code: invalid-csv)`);
  });

  it('mail serve refuses to start without a token key (every request would answer 500)', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.stubEnv('FEEDWRIGHT_EMAIL_SECRET', '');
    try {
      const started = runMail(['serve', '--port', '0', ...flags]);
      const code = await Promise.race([started, new Promise((resolve) => setTimeout(() => resolve('still serving'), 3000))]);
      expect(code).toBe(2);
      expect(errors.mock.calls.flat().join('\n')).toContain('FEEDWRIGHT_EMAIL_SECRET');
    } finally {
      vi.stubEnv('FEEDWRIGHT_EMAIL_SECRET', SECRET);
    }
  });

  it('writes the exact e-mail of the latest issue as .eml', async () => {
    capture();
    const file = path.join(dir, 'preview.eml');
    expect(await runMail(['preview', 'daily', '--to', 'ann@example.org', '--file', file, ...flags])).toBe(0);
    const mail = await simpleParser(await readFile(file));
    expect(mail.subject).toBe('Example News — Daily digest, 30 November 2026');
    expect(headerLine(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  // The digest half is the real command in test/mail/digest-send-cli.test.ts; here the send half gets the
  // issues a digest run would hand it.
  const sendHalf = async (made: Parameters<Awaited<ReturnType<typeof prepareDigestSend>>>[0], dryRun = false) => {
    const send = await prepareDigestSend({ config: flags[1], out: flags[3], ...(dryRun ? { 'dry-run': true } : {}) }, 'daily');
    const result = await send(made);
    for (const report of result.reports) printSendReport(report);
    return result.exitCode;
  };

  it('mail preview --file into a folder that does not exist is a user error naming the file, exit 2', async () => {
    capture();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const file = path.join(dir, 'no-such-folder', 'issue.eml');
    expect(await runMail(['preview', 'daily', '--file', file, ...flags])).toBe(2);
    expect(errors.mock.calls.flat().join('\n')).toBe(`feedwright mail: cannot write ${JSON.stringify(file)}: no such file or folder (code: preview-file)`);
    expect(lines).toEqual([]);
  });

  it('digest --send --dry-run lists who would get what; --send mails them over SMTP once', async () => {
    capture();
    // digest has no --state flag: the state location comes from the environment, as on Lambda.
    vi.stubEnv('FEEDWRIGHT_STATE', path.join(dir, 'state'));
    expect(await sendHalf([], true)).toBe(0);
    expect(lines.filter((l) => l.includes('would send to'))).toEqual(['  would send to ann@example.org', '  would send to bob@example.org']);
    expect(sink.received).toHaveLength(0);
    expect(await sendHalf([])).toBe(0);
    expect(await runMail(['send', 'daily', ...flags])).toBe(0);
    expect(sink.received.map((r) => r.envelopeTo)).toEqual([['ann@example.org'], ['bob@example.org']]);
  });

  it('digest --send mails every issue its run made, oldest first, and --dry-run plans issues not yet published', async () => {
    capture();
    vi.stubEnv('FEEDWRIGHT_STATE', path.join(dir, 'state'));
    const base = makeIssue(config, 2);
    const older = { ...base, date: '2026-12-01' };
    const newer = { ...base, date: '2026-12-02' };
    const heads = () => lines.filter((l) => l.startsWith('daily 2026-12-')).map((l) => l.slice(0, 16));
    // A catch-up run that would make two issues: nothing is published yet, both are planned.
    expect(await sendHalf([older, newer], true)).toBe(0);
    expect(heads()).toEqual(['daily 2026-12-01', 'daily 2026-12-02']);
    expect(lines.filter((l) => l.includes('would send to'))).toHaveLength(4);
    lines.length = 0;
    const output = createLocalStore(path.join(dir, 'public'));
    for (const issue of [older, newer]) await publishIssue(output, issue);
    const before = sink.received.length;
    expect(await sendHalf([older, newer])).toBe(0);
    expect(heads()).toEqual(['daily 2026-12-01', 'daily 2026-12-02']);
    expect(sink.received.slice(before).map((r) => r.envelopeTo)).toEqual([['ann@example.org'], ['bob@example.org'], ['ann@example.org'], ['bob@example.org']]);
  });
});

describe('mail send exit codes with a refused address', () => {
  // Read by the sink at each RCPT: a later push refuses that address too.
  const rejected = ['bad@example.org'];
  let dir: string;
  let flags: string[];
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const lines: string[] = [];
  const config = makeMailConfig();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fmailsend-refused-'));
    const configFile = path.join(dir, 'feedwright.config.json');
    await writeFile(configFile, JSON.stringify({ site: { title: 'Example News', baseUrl: 'https://news.example/' }, email: { ...config.email, secret: undefined } }));
    flags = ['--config', configFile, '--out', path.join(dir, 'public'), '--state', path.join(dir, 'state')];
    await publishIssue(createLocalStore(path.join(dir, 'public')), makeIssue(config, 3));
    sink = await startSmtpSink({ rejectRcpt: rejected });
    vi.stubEnv('FEEDWRIGHT_EMAIL_SECRET', SECRET);
    vi.stubEnv('FEEDWRIGHT_SMTP_URL', sink.url);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    expect(await runSubscribers(['add', 'daily', 'ann@example.org', 'bad@example.org', 'bob@example.org', ...flags])).toBe(0);
    lines.length = 0;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a permanent refusal with its code and exits 0; later runs exit 0 and do not count it as theirs', async () => {
    expect(await runMail(['send', 'daily', ...flags])).toBe(0);
    expect(sink.received.map((r) => r.envelopeTo)).toEqual([['ann@example.org'], ['bob@example.org']]);
    expect(lines[1]).toBe('  2 sent, 0 already sent, 1 failed, 0 in doubt, 0 left');
    expect(lines[2]).toMatch(/^ {2}failed \(permanent\): bad@example\.org: .*550.* \(code: recipient-refused\)$/);
    lines.length = 0;

    expect(await runMail(['send', 'daily', ...flags])).toBe(0);
    expect(lines[1]).toBe('  0 sent, 2 already sent, 0 failed, 0 in doubt, 0 left');
    expect(lines[2]).toMatch(/^ {2}failed in an earlier run \(permanent, not retried\): bad@example\.org: /);
    lines.length = 0;

    expect(await runMail(['send', 'daily', '--json', ...flags])).toBe(0);
    const report = JSON.parse(lines.join('\n')) as Record<string, unknown>;
    expect(report).toMatchObject({ ok: true, exitCode: 0, sent: [], alreadySent: 2, failed: [], failedEarlier: [{ address: 'bad@example.org' }] });
    expect(sink.received).toHaveLength(2);
    lines.length = 0;

    // A new refusal, in --json: the same code on the failed entry, and still exit 0.
    expect(await runSubscribers(['add', 'daily', 'bad2@example.org', ...flags])).toBe(0);
    rejected.push('bad2@example.org');
    lines.length = 0;
    expect(await runMail(['send', 'daily', '--json', ...flags])).toBe(0);
    const next = JSON.parse(lines.join('\n')) as Record<string, unknown>;
    expect(next).toMatchObject({ ok: true, exitCode: 0, failed: [{ address: 'bad2@example.org', permanent: true, code: 'recipient-refused' }] });
  });
});
