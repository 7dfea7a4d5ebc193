import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { createSmtpTransport } from '../../src/mail-transport/smtp-transport.js';
import { sendDigestIssue } from '../../src/mailing/index.js';
import { LeaseHeldError } from '../../src/publish/lease.js';
import { silentLogger } from '../../src/publish/logger.js';
import { createLocalStore } from '../../src/storage/index.js';
import { createStoreSubscriberStore } from '../../src/subscribers/index.js';
import { confirmed, makeIssue, makeMailConfig, makeStores, NOW, publishIssue, SECRET } from './helpers.js';
import { startSmtpSink } from './smtp-sink.js';

const CLI = path.resolve(import.meta.dirname, '../../dist/cli.js');
const ADDRESSES = Array.from({ length: 10 }, (_, i) => `reader${String(i).padStart(2, '0')}@example.org`);

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, FEEDWRIGHT_DEBUG: '', NO_COLOR: '1', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** How many messages each envelope recipient got. */
function counts(received: { envelopeTo: string[] }[]): Map<string, number> {
  const byAddress = new Map<string, number>();
  for (const to of received.flatMap((r) => r.envelopeTo)) byAddress.set(to, (byAddress.get(to) ?? 0) + 1);
  return byAddress;
}

describe('two sends of one issue at once', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const dirs: string[] = [];
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('lets one send hold the issue: the other is refused with lease-held and nobody is mailed twice', async () => {
    sink.received.length = 0;
    const config = makeMailConfig();
    const stores = makeStores();
    await publishIssue(stores.output, makeIssue(config, 2));
    for (const address of ADDRESSES) await stores.subscribers.put('daily', confirmed(address));
    const transport = createSmtpTransport(sink.url);
    const deps = { config, ...stores, transport, clock: fixedClock(NOW.toISOString()), log: silentLogger, sleep: async () => {} };
    try {
      const settled = await Promise.allSettled([sendDigestIssue(deps, { digestId: 'daily' }), sendDigestIssue(deps, { digestId: 'daily' })]);
      const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(LeaseHeldError);
      expect(refused[0]).toMatchObject({ code: 'lease-held', exitCode: 3 });
      expect([...counts(sink.received).entries()].sort()).toEqual(ADDRESSES.map((a) => [a, 1]));
      // The lease is given back: a later send runs, and finds everyone handled.
      expect(await sendDigestIssue(deps, { digestId: 'daily' })).toMatchObject({ sent: [], alreadySent: 10, inDoubt: [] });
    } finally {
      await transport.close?.();
    }
  });

  it('two `mail send` processes: each address gets the issue once, a refused run exits 3 with code lease-held', async () => {
    sink.received.length = 0;
    const dir = await mkdtemp(path.join(tmpdir(), 'fmailsend-concurrent-'));
    dirs.push(dir);
    const config = makeMailConfig();
    const configFile = path.join(dir, 'feedwright.config.json');
    // 5 a second: the ten sends take two seconds, so the two processes overlap.
    await writeFile(configFile, JSON.stringify({ site: { title: 'Example News', baseUrl: 'https://news.example/' }, email: { ...config.email, secret: undefined, ratePerSecond: 5 } }));
    await publishIssue(createLocalStore(path.join(dir, 'public')), makeIssue(config, 2));
    const subscribers = createStoreSubscriberStore(createLocalStore(path.join(dir, 'state')));
    for (const address of ADDRESSES) await subscribers.put('daily', confirmed(address));
    const args = ['mail', 'send', 'daily', '--config', configFile, '--out', path.join(dir, 'public'), '--state', path.join(dir, 'state')];
    const env = { FEEDWRIGHT_EMAIL_SECRET: SECRET, FEEDWRIGHT_SMTP_URL: sink.url };
    const runs = await Promise.all([cli(args, env), cli(args, env)]);
    expect([...counts(sink.received).entries()].sort()).toEqual(ADDRESSES.map((a) => [a, 1]));
    expect(runs.map((r) => r.code).sort()).toEqual([0, 3]);
    const refused = runs.find((r) => r.code === 3);
    expect(refused?.stderr).toMatch(/^feedwright mail: another run holds the lease .*\(code: lease-held\)$/m);
    expect(refused?.stdout).toBe('');
  }, 30_000);
});
