import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import type { MailTransport } from '../../src/mail-transport/index.js';
import { createSmtpTransport } from '../../src/mail-transport/smtp-transport.js';
import { type MailDeps, queuedSendDates, sendDigestIssue, sendRecordKey } from '../../src/mailing/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import type { Store } from '../../src/storage/index.js';
import { subscriberId } from '../../src/subscribers/index.js';
import { confirmed, headerLine, makeIssue, makeMailConfig, makeStores, NOW, publishIssue, recordingTransport } from './helpers.js';
import { startSmtpSink } from './smtp-sink.js';

const config = makeMailConfig();
const ADDRESSES = ['ann@example.org', 'bob@example.org', 'cat@example.org', 'dan@example.org', 'eve@example.org'];

async function setup(transport: MailTransport) {
  const stores = makeStores();
  const issue = makeIssue(config, 4);
  await publishIssue(stores.output, issue);
  for (const address of ADDRESSES) await stores.subscribers.put('daily', confirmed(address));
  await stores.subscribers.put('daily', { ...confirmed('pen@example.org'), status: 'pending' });
  await stores.subscribers.put('daily', { ...confirmed('uns@example.org'), status: 'unsubscribed' });
  await stores.subscribers.put('daily', { ...confirmed('bnc@example.org'), status: 'bounced' });
  await stores.subscribers.put('weekly', confirmed('wendy@example.org'));
  const sleeps: number[] = [];
  const deps: MailDeps = {
    config,
    ...stores,
    transport,
    clock: fixedClock(NOW.toISOString()),
    log: silentLogger,
    sleep: async (ms) => void sleeps.push(ms),
  };
  return { deps, issue, sleeps, stores };
}

describe('sendDigestIssue over a real SMTP server', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let transport: MailTransport;
  beforeAll(async () => {
    sink = await startSmtpSink({ rejectRcpt: ['cat@example.org'] });
    transport = createSmtpTransport(sink.url);
  });
  afterAll(async () => {
    await transport.close?.();
    await sink.close();
  });

  it('mails confirmed subscribers only, one message each, goes on past a refused address, and never twice', async () => {
    const { deps, issue, sleeps } = await setup(transport);
    const report = await sendDigestIssue(deps, { digestId: 'daily' });
    expect(report).toMatchObject({ date: issue.date, recipients: 5, alreadySent: 0, remaining: 0, complete: true, inDoubt: [] });
    expect(report.sent).toEqual(['ann@example.org', 'bob@example.org', 'dan@example.org', 'eve@example.org']);
    expect(report.failed).toEqual([{ address: 'cat@example.org', error: expect.stringContaining('550'), permanent: true, attempts: 1, retried: false }]);
    expect(sink.received.map((r) => r.envelopeTo)).toEqual([['ann@example.org'], ['bob@example.org'], ['dan@example.org'], ['eve@example.org']]);
    // Paced at the default 10 messages per second: the clock stands still, so every gap is a full 100 ms wait.
    expect(sleeps).toEqual([100, 100, 100, 100]);

    for (const { parsed, envelopeTo } of sink.received) {
      expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : undefined).toEqual([{ name: '', address: envelopeTo[0] }]);
      expect(parsed.subject).toBe(issue.title);
      expect(parsed.text).toContain(issue.url);
      expect(parsed.html).toContain(`href="${issue.url}"`);
      expect(headerLine(parsed, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    }
    // Each subscriber gets their own unsubscribe link.
    const links = sink.received.map((r) => /<(https:[^>]+)>/.exec(headerLine(r.parsed, 'list-unsubscribe') ?? '')?.[1]);
    expect(new Set(links).size).toBe(4);

    const again = await sendDigestIssue(deps, { digestId: 'daily' });
    expect(again).toMatchObject({ sent: [], alreadySent: 4, complete: true, failed: [] });
    expect(again.failedEarlier).toEqual([{ address: 'cat@example.org', error: expect.stringContaining('550'), permanent: true, attempts: 1 }]);
    expect(sink.received).toHaveLength(4);
  });
});

describe('sendDigestIssue across invocations', () => {
  it('resumes after a crash between a send and its record: the rest are mailed, nobody twice', async () => {
    const transport = recordingTransport();
    const { deps, issue } = await setup(transport);
    const crashOn = sendRecordKey('daily', issue.date, subscriberId('cat@example.org'));
    const crashing: Store = {
      ...deps.state,
      async write(key, body, meta) {
        // The process dies right after SMTP accepted cat's message, before the "sent" record lands.
        if (key === crashOn && String(body).includes('"sent"')) throw new Error('killed');
        return deps.state.write(key, body, meta);
      },
    };
    await expect(sendDigestIssue({ ...deps, state: crashing }, { digestId: 'daily' })).rejects.toThrow('killed');
    expect(transport.sent.map((m) => m.to)).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org']);

    const resumed = await sendDigestIssue(deps, { digestId: 'daily' });
    expect(resumed).toMatchObject({ alreadySent: 2, sent: ['dan@example.org', 'eve@example.org'], inDoubt: ['cat@example.org'], complete: true });
    expect(transport.sent.map((m) => m.to)).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org', 'dan@example.org', 'eve@example.org']);
  });

  it('does not mail an address unsubscribed (or removed) after the send started and before its turn', async () => {
    let deps: MailDeps | undefined;
    const inner = recordingTransport();
    const transport: MailTransport = {
      description: 'clicks during the send',
      async send(message) {
        // While bob's message goes out, dan presses one-click unsubscribe and the operator removes eve.
        if (message.to === 'bob@example.org' && deps) {
          await deps.subscribers.put('daily', { ...confirmed('dan@example.org'), status: 'unsubscribed' });
          await deps.subscribers.delete('daily', 'eve@example.org');
        }
        return inner.send(message);
      },
    };
    const setUp = await setup(transport);
    deps = setUp.deps;
    const report = await sendDigestIssue(deps, { digestId: 'daily' });
    expect(inner.sent.map((m) => m.to)).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org']);
    expect(report).toMatchObject({ recipients: 5, sent: ['ann@example.org', 'bob@example.org', 'cat@example.org'], noLongerConfirmed: ['dan@example.org', 'eve@example.org'] });
    expect(await deps.state.read(sendRecordKey('daily', setUp.issue.date, subscriberId('dan@example.org')))).toBeNull();
  });

  it('stops at the deadline, reports what is left, and the next invocation finishes', async () => {
    const transport = recordingTransport();
    const { deps } = await setup(transport);
    let now = NOW.getTime();
    const clock = () => new Date(now);
    const first = await sendDigestIssue(
      { ...deps, clock, sleep: async (ms) => void (now += ms) },
      { digestId: 'daily', deadline: new Date(NOW.getTime() + 250) },
    );
    // Sends start at +0, +100, +200 ms; the fourth would start at +300, past the deadline.
    expect(first).toMatchObject({ sent: ['ann@example.org', 'bob@example.org', 'cat@example.org'], remaining: 2, complete: false });
    const second = await sendDigestIssue({ ...deps, clock, sleep: async (ms) => void (now += ms) }, { digestId: 'daily' });
    expect(second).toMatchObject({ sent: ['dan@example.org', 'eve@example.org'], alreadySent: 3, remaining: 0, complete: true });
    expect(transport.sent).toHaveLength(5);
  });

  it('retries a transient failure on the next run, but not a permanent one', async () => {
    let flaky = true;
    const inner = recordingTransport(['eve@example.org']);
    const transport: MailTransport = {
      description: 'flaky',
      async send(message) {
        if (message.to === 'bob@example.org' && flaky) {
          flaky = false;
          throw Object.assign(new Error('421 try again later'), { permanent: false });
        }
        return inner.send(message);
      },
    };
    const { deps } = await setup(transport);
    const first = await sendDigestIssue({ ...deps, transport }, { digestId: 'daily' });
    expect(first.failed.map((f) => [f.address, f.permanent])).toEqual([
      ['bob@example.org', false],
      ['eve@example.org', true],
    ]);
    const second = await sendDigestIssue({ ...deps, transport }, { digestId: 'daily' });
    expect(second.sent).toEqual(['bob@example.org']);
    expect(second.failed).toEqual([]);
    expect(second.failedEarlier.map((f) => f.address)).toEqual(['eve@example.org']);
    expect(inner.sent.map((m) => m.to)).toEqual(['ann@example.org', 'cat@example.org', 'dan@example.org', 'bob@example.org']);
  });

  it('gives up on a temporary failure at the third attempt: not retried, not called permanent, the issue leaves the queue', async () => {
    const inner = recordingTransport();
    const transport: MailTransport = {
      description: 'bob always busy',
      async send(message) {
        if (message.to === 'bob@example.org') throw Object.assign(new Error('421 try again later'), { permanent: false });
        return inner.send(message);
      },
    };
    const { deps } = await setup(transport);
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await sendDigestIssue({ ...deps, transport }, { digestId: 'daily' }));
    expect(runs.map((r) => r.failed.map((f) => [f.address, f.permanent, f.attempts, f.retried]))).toEqual([
      [['bob@example.org', false, 1, true]],
      [['bob@example.org', false, 2, true]],
      [['bob@example.org', false, 3, false]],
    ]);
    expect(await queuedSendDates(deps.state, 'daily')).toEqual([]);
    const fourth = await sendDigestIssue({ ...deps, transport }, { digestId: 'daily' });
    expect(fourth.failed).toEqual([]);
    expect(fourth.failedEarlier).toEqual([{ address: 'bob@example.org', error: '421 try again later', permanent: false, attempts: 3 }]);
  });

  it('dry run lists who would get what and writes nothing', async () => {
    const transport = recordingTransport();
    const { deps, stores } = await setup(transport);
    const before = await stores.state.list('mail/');
    const report = await sendDigestIssue(deps, { digestId: 'daily', dryRun: true });
    expect(report.planned).toEqual(ADDRESSES);
    expect(report.sent).toEqual([]);
    expect(report.bytes).toBeGreaterThan(1000);
    expect(transport.sent).toEqual([]);
    expect(await stores.state.list('mail/')).toEqual(before);
  });

  it('refuses to mail an issue older than notBefore', async () => {
    const transport = recordingTransport();
    const { deps } = await setup(transport);
    const report = await sendDigestIssue(deps, { digestId: 'daily', notBefore: new Date(NOW.getTime() + 3600_000) });
    expect(report).toMatchObject({ skipped: 'stale', sent: [] });
    expect(transport.sent).toEqual([]);
  });
});
