import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailAdminHandler } from '../../functions/mail-admin.js';
import { buildMailDeps, type MailFunctionDeps } from '../../functions/mail-deps.js';
import { createMailHttpHandler } from '../../functions/mail-http.js';
import { createSendDigestHandler, issuesIn } from '../../functions/send-digest.js';
import { fixedClock } from '../../src/clock/clock.js';
import { silentLogger } from '../../src/publish/logger.js';
import { signToken, subscriberId } from '../../src/subscribers/index.js';
import { confirmed, makeIssue, makeMailConfig, NOW, publishIssue, recordingTransport, SECRET } from './helpers.js';

describe('e-mail Lambda handlers', () => {
  let dir: string;
  let deps: MailFunctionDeps;
  const transport = recordingTransport();
  const config = makeMailConfig();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'feedwright-mail-fn-'));
    const { secret: _secret, baseUrl: _baseUrl, ...email } = config.email!;
    deps = buildMailDeps(
      {
        FEEDWRIGHT_INPUT: path.join(dir, 'input'),
        FEEDWRIGHT_OUT: path.join(dir, 'site'),
        FEEDWRIGHT_STATE: path.join(dir, 'state'),
        FEEDWRIGHT_CONFIG: JSON.stringify({ site: { title: 'Example News', baseUrl: 'https://news.example/' }, email }),
        FEEDWRIGHT_EMAIL_SECRET: SECRET,
        FEEDWRIGHT_EMAIL_BASE_URL: 'https://mail.news.example/',
      },
      { transport, clock: fixedClock(NOW.toISOString()), log: { ...silentLogger, error() {} } },
    );
    await publishIssue(deps.output, makeIssue(config, 2));
    for (const a of ['ann@example.org', 'bob@example.org', 'cat@example.org']) await deps.subscribers.put('daily', confirmed(a));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers an RFC 8058 one-click POST on the function URL (base64 body) with 200 and unsubscribes', async () => {
    const handler = createMailHttpHandler(() => deps);
    const token = signToken(SECRET, { act: 'unsubscribe', dig: 'daily', sub: subscriberId('cat@example.org') });
    const result = await handler({
      rawPath: '/unsubscribe',
      rawQueryString: `token=${token}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Buffer.from('List-Unsubscribe=One-Click').toString('base64'),
      isBase64Encoded: true,
      requestContext: { domainName: 'abc.lambda-url.us-east-1.on.aws', http: { method: 'POST' } },
    });
    expect(result.statusCode).toBe(200);
    expect((await deps.subscribers.get('daily', 'cat@example.org'))?.status).toBe('unsubscribed');
    expect((await handler({ nonsense: true })).statusCode).toBe(400);
  });

  it('links confirmation mails to its own function URL when no base URL is configured', async () => {
    const handler = createMailHttpHandler(() => ({ ...deps, mail: { secret: SECRET } }));
    const result = await handler({
      rawPath: '/subscribe',
      rawQueryString: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'digest=daily&email=dan%40example.org',
      isBase64Encoded: false,
      requestContext: { domainName: 'abc.lambda-url.us-east-1.on.aws', http: { method: 'POST' } },
    });
    expect(result.statusCode).toBe(200);
    expect(transport.sent.at(-1)?.text).toContain('https://abc.lambda-url.us-east-1.on.aws/confirm?token=');
  });

  it('finds issue records in S3 notifications and ignores everything else', () => {
    const s3 = (key: string) => JSON.stringify({ Records: [{ s3: { object: { key } } }] });
    expect(issuesIn(s3('site/digests/daily/2026-11-30.json'))).toEqual([{ digest: 'daily', date: '2026-11-30' }]);
    expect(issuesIn(s3('site/digests/daily/feed.json'))).toEqual([]);
    expect(issuesIn(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }))).toEqual([]);
    expect(issuesIn(JSON.stringify({ digest: 'weekly' }))).toEqual([{ digest: 'weekly' }]);
    expect(issuesIn('not json')).toEqual([]);
  });

  it('sends from the queue, hands an unfinished send back to SQS, and finishes on redelivery', async () => {
    const handler = createSendDigestHandler(() => deps);
    const body = JSON.stringify({ Records: [{ s3: { object: { key: 'site/digests/daily/2026-11-30.json' } } }] });
    const event = { Records: [{ messageId: 'm-1', body }] };
    const before = transport.sent.length;
    // Less time left than the safety margin: nothing may start, and the message goes back to the queue.
    expect(await handler(event, { getRemainingTimeInMillis: () => 10_000 })).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(transport.sent.length).toBe(before);
    expect(await handler(event, { getRemainingTimeInMillis: () => 600_000 })).toEqual({ batchItemFailures: [] });
    expect(transport.sent.slice(before).map((m) => m.to)).toEqual(['ann@example.org', 'bob@example.org']);
    expect(await handler(event, { getRemainingTimeInMillis: () => 600_000 })).toEqual({ batchItemFailures: [] });
    expect(transport.sent.length).toBe(before + 2);
  });

  it('validates manual payloads strictly and runs the operator actions', async () => {
    const handler = createMailAdminHandler(() => deps);
    expect(await handler({ action: 'send', digest: 'daily', dryrun: true })).toMatchObject({ ok: false, error: 'ValidationError' });
    expect(await handler({ action: 'subscribers.add', digest: 'daily', addresses: ['Eve@example.org'], source: 'console' })).toMatchObject({
      ok: true,
      result: { added: ['eve@example.org'] },
    });
    expect(await handler({ action: 'subscribers.list', digest: 'nope' })).toMatchObject({ ok: true, result: [] });
    expect(await handler({ action: 'send', digest: 'daily', dryRun: true })).toMatchObject({ ok: true, result: { planned: ['eve@example.org'] } });
    expect(await handler({ action: 'send', digest: 'monthly' })).toMatchObject({ ok: false, error: 'unknown-digest' });
  });
});
