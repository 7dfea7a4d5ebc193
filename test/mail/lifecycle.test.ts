import { generateKeyPairSync, sign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifecycleServer, handleLifecycleRequest, handleSesEvent, isSnsCertificateUrl, SnsSignatureError, snsStringToSign } from '../../src/mail-endpoints/index.js';
import { CONFIRMATION_INTERVAL_MS, checkToken, type LifecycleDeps, requestSubscription, sendDigestIssue } from '../../src/mailing/index.js';
import type { MailTransport } from '../../src/mail-transport/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { signToken, subscriberId } from '../../src/subscribers/index.js';
import { confirmed, makeIssue, makeMailConfig, makeStores, NOW, publishIssue, recordingTransport, SECRET } from './helpers.js';

const config = makeMailConfig();

function world() {
  const stores = makeStores();
  const transport = recordingTransport();
  let now = NOW.getTime();
  const deps: LifecycleDeps = { config, subscribers: stores.subscribers, transport, clock: () => new Date(now), log: silentLogger };
  return { deps, stores, transport, advance: (ms: number) => void (now += ms) };
}

describe('lifecycle endpoints over HTTP', () => {
  const w = world();
  let base: string;
  const server = createLifecycleServer(w.deps);
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (path: string, form: Record<string, string>) =>
    fetch(new URL(path, base), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  const linkIn = (text: string, path: string) => new URL(/https:\S+/.exec(text.slice(text.indexOf(`/${path}?`) - 40))?.[0] ?? 'https://missing.example/');

  it('subscribes by double opt-in: a mail, a page whose GET changes nothing, then a POST that confirms', async () => {
    const response = await post('subscribe', { digest: 'daily', email: ' Ann@Example.org ' });
    expect(response.status).toBe(200);
    expect(await w.stores.subscribers.get('daily', 'ann@example.org')).toMatchObject({ status: 'pending', source: 'double-opt-in (subscribe form)' });
    expect(w.transport.sent).toHaveLength(1);
    const mail = w.transport.sent[0]!;
    expect(mail).toMatchObject({ to: 'ann@example.org', from: 'Example News <digest@news.example>', subject: 'Confirm your subscription to Example News — Daily digest' });
    const link = linkIn(mail.text, 'confirm');
    expect(link.origin + link.pathname).toBe('https://mail.news.example/confirm');
    const token = link.searchParams.get('token')!;

    // A mail scanner following the link: a page with a button, no state change.
    const page = await fetch(new URL(`confirm?token=${encodeURIComponent(token)}`, base));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="confirm"><input type="hidden" name="token" value="[^"]+"><button/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect((await w.stores.subscribers.get('daily', 'ann@example.org'))?.status).toBe('pending');

    const confirm = await post('confirm', { token });
    expect(confirm.status).toBe(200);
    expect(await w.stores.subscribers.get('daily', 'ann@example.org')).toMatchObject({ status: 'confirmed', consentAt: NOW.toISOString() });
  });

  it('answers the same for a subscribed, a new and a rate-limited address, and mails at most once per window', async () => {
    const bodies = [];
    for (const email of ['ann@example.org', 'bob@example.org', 'bob@example.org', 'BOB@example.org']) {
      const response = await post('subscribe', { digest: 'daily', email });
      expect(response.status).toBe(200);
      bodies.push(await response.text());
    }
    expect(new Set(bodies).size).toBe(1);
    // ann was mailed her confirmation a moment ago, so the window holds her too; bob gets one confirmation in spite of three requests.
    expect(w.transport.sent.slice(1).map((m) => m.to)).toEqual(['bob@example.org']);
    w.advance(CONFIRMATION_INTERVAL_MS + 1);
    await post('subscribe', { digest: 'daily', email: 'bob@example.org' });
    expect(w.transport.sent.slice(1).map((m) => m.to)).toEqual(['bob@example.org', 'bob@example.org']);
  });

  it('refuses an invalid address and an unknown digest without saying anything about subscribers', async () => {
    expect((await post('subscribe', { digest: 'daily', email: 'not an address' })).status).toBe(400);
    expect((await post('subscribe', { digest: 'nope', email: 'ann@example.org' })).status).toBe(404);
  });

  it('unsubscribes in one click: an RFC 8058 POST with no session answers 200', async () => {
    const token = signToken(SECRET, { act: 'unsubscribe', dig: 'daily', sub: subscriberId('ann@example.org') });
    const url = new URL(`unsubscribe?token=${encodeURIComponent(token)}`, base);
    const page = await fetch(url);
    expect(await page.text()).toContain('<form method="post" action="unsubscribe?token=');
    expect((await w.stores.subscribers.get('daily', 'ann@example.org'))?.status).toBe('confirmed');
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(response.status).toBe(200);
    expect((await w.stores.subscribers.get('daily', 'ann@example.org'))?.status).toBe('unsubscribed');
    // Idempotent.
    expect((await fetch(url, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
  });

  it('refuses forged, expired, other-action and other-digest tokens', async () => {
    const bob = subscriberId('bob@example.org');
    const forged = signToken('someone-elses-secret-someone-elses-secret', { act: 'unsubscribe', dig: 'daily', sub: bob });
    const expired = signToken(SECRET, { act: 'confirm', dig: 'daily', sub: bob, exp: Math.floor(NOW.getTime() / 1000) - 1 });
    const wrongAction = signToken(SECRET, { act: 'unsubscribe', dig: 'daily', sub: bob });
    const unknownDigest = signToken(SECRET, { act: 'unsubscribe', dig: 'monthly', sub: bob });
    expect((await fetch(new URL(`unsubscribe?token=${forged}`, base), { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(400);
    expect((await post('confirm', { token: expired })).status).toBe(400);
    expect((await fetch(new URL(`confirm?token=${expired}`, base))).status).toBe(400);
    expect((await post('confirm', { token: wrongAction })).status).toBe(400);
    expect((await fetch(new URL(`unsubscribe?token=${unknownDigest}`, base), { method: 'POST', body: '' })).status).toBe(400);
    expect((await w.stores.subscribers.get('daily', 'bob@example.org'))?.status).toBe('pending');
  });
});

describe('subscribe, whether or not the address is subscribed already', () => {
  async function listen(deps: LifecycleDeps) {
    const server = createLifecycleServer(deps);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const subscribe = async (email: string) => {
      const response = await fetch(new URL('subscribe', base), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ digest: 'daily', email }),
      });
      return { status: response.status, body: await response.text() };
    };
    return { subscribe, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('mails a confirmed and an unknown address once each, under the same rate limit', async () => {
    const w = world();
    await w.stores.subscribers.put('daily', confirmed('ann@example.org'));
    const http = await listen(w.deps);
    try {
      const answers = [await http.subscribe('ann@example.org'), await http.subscribe('bob@example.org')];
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(answers[0]!.body).toBe(answers[1]!.body);
      expect(w.transport.sent.map((m) => m.to)).toEqual(['ann@example.org', 'bob@example.org']);

      // ann stays confirmed, with her consent untouched, and is told how to leave.
      const note = w.transport.sent[0]!;
      expect(note.subject).toBe('You are already subscribed to Example News — Daily digest');
      expect(note.headers.map((h) => h.name)).toContain('List-Unsubscribe');
      expect(await w.stores.subscribers.get('daily', 'ann@example.org')).toMatchObject({ status: 'confirmed', consentAt: NOW.toISOString() });
      const link = new URL(/https:\S+\/unsubscribe\?\S+/.exec(note.text)?.[0] ?? 'https://missing.example/');
      expect(checkToken(w.deps, link.searchParams.get('token') ?? '', 'unsubscribe')).toMatchObject({ dig: 'daily', sub: subscriberId('ann@example.org') });

      // Within the window neither is mailed again; after it, both are.
      await http.subscribe('ann@example.org');
      await http.subscribe('bob@example.org');
      expect(w.transport.sent).toHaveLength(2);
      w.advance(CONFIRMATION_INTERVAL_MS + 1);
      await http.subscribe('ann@example.org');
      await http.subscribe('bob@example.org');
      expect(w.transport.sent.map((m) => m.to).slice(2)).toEqual(['ann@example.org', 'bob@example.org']);
    } finally {
      await http.close();
    }
  });

  it('answers a confirmed and an unknown address alike while the mail transport fails, and lets both retry at once', async () => {
    const w = world();
    await w.stores.subscribers.put('daily', confirmed('ann@example.org'));
    let down = true;
    const transport: MailTransport = {
      description: 'flaky',
      async send(message) {
        if (down) throw new Error('connection refused');
        return w.transport.send(message);
      },
    };
    const http = await listen({ ...w.deps, transport });
    try {
      const failed = [await http.subscribe('ann@example.org'), await http.subscribe('bob@example.org')];
      expect(failed.map((a) => a.status)).toEqual([500, 500]);
      expect(failed[0]!.body).toBe(failed[1]!.body);
      down = false;
      await http.subscribe('ann@example.org');
      await http.subscribe('bob@example.org');
      expect(w.transport.sent.map((m) => m.to)).toEqual(['ann@example.org', 'bob@example.org']);
      expect((await w.stores.subscribers.get('daily', 'ann@example.org'))?.status).toBe('confirmed');
    } finally {
      await http.close();
    }
  });
});

describe('an old confirmation link after the subscriber left', () => {
  const confirmRequest = (token: string) => ({ method: 'POST', path: 'confirm', query: new URLSearchParams(), headers: {}, body: new URLSearchParams({ token }).toString() });

  it('says the link no longer works instead of "subscribed", and leaves the address unsubscribed', async () => {
    const w = world();
    await requestSubscription(w.deps, { digestId: 'daily', address: 'ann@example.org', source: 'form' });
    const token = new URL(/https:\S+\/confirm\?\S+/.exec(w.transport.sent[0]!.text)?.[0] ?? 'https://missing.example/').searchParams.get('token')!;
    expect((await handleLifecycleRequest(w.deps, confirmRequest(token))).body).toContain('the next issue will arrive by e-mail');

    const unsubscribeToken = signToken(SECRET, { act: 'unsubscribe', dig: 'daily', sub: subscriberId('ann@example.org') });
    await handleLifecycleRequest(w.deps, { method: 'POST', path: 'unsubscribe', query: new URLSearchParams({ token: unsubscribeToken }), headers: {}, body: 'List-Unsubscribe=One-Click' });

    const again = await handleLifecycleRequest(w.deps, confirmRequest(token));
    expect(again.status).toBe(409);
    expect(again.body).toContain('You unsubscribed after this link was sent');
    expect(again.body).not.toContain('will arrive');
    expect((await w.stores.subscribers.get('daily', 'ann@example.org'))?.status).toBe('unsubscribed');
  });

  it('does not say "subscribed" to an address that bounced', async () => {
    const w = world();
    await requestSubscription(w.deps, { digestId: 'daily', address: 'ann@example.org', source: 'form' });
    const token = new URL(/https:\S+\/confirm\?\S+/.exec(w.transport.sent[0]!.text)?.[0] ?? 'https://missing.example/').searchParams.get('token')!;
    const pending = await w.stores.subscribers.get('daily', 'ann@example.org');
    await w.stores.subscribers.put('daily', { ...pending!, status: 'bounced' });
    const answer = await handleLifecycleRequest(w.deps, confirmRequest(token));
    expect(answer.status).toBe(409);
    expect(answer.body).not.toContain('will arrive');
    expect((await w.stores.subscribers.get('daily', 'ann@example.org'))?.status).toBe('bounced');
  });
});

describe('SES bounces and complaints through SNS', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem';
  const TOPIC = 'arn:aws:sns:us-east-1:123456789012:feedwright-ses-events';

  function snsRecord(message: unknown, overrides: Record<string, string> = {}) {
    const unsigned = {
      Type: 'Notification' as const,
      MessageId: 'b9a3e8c8-0000-4000-8000-000000000001',
      TopicArn: TOPIC,
      Subject: null,
      Message: JSON.stringify(message),
      Timestamp: '2026-11-30T08:00:00.000Z',
      SignatureVersion: '2' as const,
      SigningCertUrl: CERT_URL,
      ...overrides,
    };
    const signature = sign('RSA-SHA256', Buffer.from(snsStringToSign({ ...unsigned, Signature: 'x' })), privateKey).toString('base64');
    return { ...unsigned, Signature: signature };
  }
  const bounce = (address: string, bounceType = 'Permanent') => ({
    eventType: 'Bounce',
    bounce: { bounceType, bounceSubType: 'General', bouncedRecipients: [{ emailAddress: address }] },
    mail: { destination: [address] },
  });

  async function setup() {
    const w = world();
    for (const digest of ['daily', 'weekly']) await w.stores.subscribers.put(digest, confirmed('ann@example.org'));
    await w.stores.subscribers.put('daily', confirmed('bob@example.org'));
    const deps = {
      subscribers: w.stores.subscribers,
      clock: w.deps.clock,
      log: silentLogger,
      topicArn: TOPIC,
      fetchCertificate: async (url: string) => {
        expect(url).toBe(CERT_URL);
        return publicKey.export({ type: 'spki', format: 'pem' }).toString();
      },
    };
    return { w, deps };
  }

  it('marks a hard-bounced address bounced in every digest; it is never mailed again, nor re-subscribed', async () => {
    const { w, deps } = await setup();
    const result = await handleSesEvent(deps, snsRecord(bounce('Ann@example.org')));
    expect(result).toEqual({ status: 'bounced', suppressed: [{ subscriber: subscriberId('ann@example.org'), digests: ['daily', 'weekly'] }] });
    expect((await w.stores.subscribers.get('weekly', 'ann@example.org'))?.status).toBe('bounced');

    const issue = makeIssue(config, 2);
    await publishIssue(w.stores.output, issue);
    const report = await sendDigestIssue({ ...w.deps, output: w.stores.output, state: w.stores.state, sleep: async () => {} }, { digestId: 'daily' });
    expect(report.sent).toEqual(['bob@example.org']);

    await requestSubscription(w.deps, { digestId: 'daily', address: 'ann@example.org', source: 'form' });
    expect(w.transport.sent.map((m) => m.to)).toEqual(['bob@example.org']);
    expect((await w.stores.subscribers.get('daily', 'ann@example.org'))?.status).toBe('bounced');
  });

  it('marks complaints, ignores transient bounces', async () => {
    const { w, deps } = await setup();
    expect((await handleSesEvent(deps, snsRecord(bounce('bob@example.org', 'Transient')))).status).toBe('ignored');
    expect((await w.stores.subscribers.get('daily', 'bob@example.org'))?.status).toBe('confirmed');
    const complaint = { notificationType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'bob@example.org' }] } };
    expect((await handleSesEvent(deps, snsRecord(complaint))).status).toBe('complained');
    expect((await w.stores.subscribers.get('daily', 'bob@example.org'))?.status).toBe('complained');
  });

  it('refuses a tampered message, a foreign topic and a certificate off AWS', async () => {
    const { w, deps } = await setup();
    const genuine = snsRecord(bounce('bob@example.org'));
    const tampered = { ...genuine, Message: JSON.stringify(bounce('ann@example.org')) };
    await expect(handleSesEvent(deps, tampered)).rejects.toThrow(SnsSignatureError);
    await expect(handleSesEvent(deps, snsRecord(bounce('ann@example.org'), { TopicArn: `${TOPIC}-other` }))).rejects.toThrow('unexpected topic');
    await expect(handleSesEvent(deps, snsRecord(bounce('ann@example.org'), { SigningCertUrl: 'https://evil.example/sns.us-east-1.amazonaws.com.pem' }))).rejects.toThrow('not an AWS SNS endpoint');
    expect((await w.stores.subscribers.get('daily', 'ann@example.org'))?.status).toBe('confirmed');
    expect((await w.stores.subscribers.get('daily', 'bob@example.org'))?.status).toBe('confirmed');
    expect(isSnsCertificateUrl('http://sns.us-east-1.amazonaws.com/x.pem')).toBe(false);
    expect(isSnsCertificateUrl('https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem')).toBe(true);
  });
});

describe('requestSubscription when the mail cannot be sent', () => {
  it('lets the address try again at once instead of rate-limiting it', async () => {
    const w = world();
    let down = true;
    const transport = {
      description: 'flaky',
      async send(message: Parameters<typeof w.transport.send>[0]) {
        if (down) throw new Error('connection refused');
        return w.transport.send(message);
      },
    };
    const deps = { ...w.deps, transport };
    await expect(requestSubscription(deps, { digestId: 'daily', address: 'ann@example.org', source: 'form' })).rejects.toThrow('connection refused');
    down = false;
    await requestSubscription(deps, { digestId: 'daily', address: 'ann@example.org', source: 'form' });
    expect(w.transport.sent.map((m) => m.to)).toEqual(['ann@example.org']);
  });
});
