import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocalModule from 'aws-ses-v2-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { createMailTransport, type MailTransport } from '../../src/mail-transport/index.js';
import { sendDigestIssue } from '../../src/mailing/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { confirmed, makeIssue, makeMailConfig, makeStores, NOW, publishIssue } from './helpers.js';

// A CommonJS module with `exports.default`: Node's ESM loader hands over `module.exports`, vitest the default itself.
const sesLocal: typeof sesLocalModule.default = typeof sesLocalModule === 'function' ? sesLocalModule : sesLocalModule.default;

interface StoredEmail {
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

// aws-ses-v2-local answers SES v2 SendEmail on 127.0.0.1 and shows what it accepted at /store.
describe('SES v2 transport against aws-ses-v2-local', () => {
  let server: Server;
  let endpoint: string;
  let transport: MailTransport;
  beforeAll(async () => {
    server = await sesLocal({ host: '127.0.0.1', port: 0 });
    if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    transport = createMailTransport({
      AWS_ENDPOINT_URL_SESV2: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('is chosen when FEEDWRIGHT_SMTP_URL is unset, and SMTP when it is set', () => {
    expect(transport.description).toMatch(/^SES v2/);
    expect(createMailTransport({ FEEDWRIGHT_SMTP_URL: 'smtp://user:pw@127.0.0.1:2525' }).description).toBe('smtp://127.0.0.1:2525');
  });

  it('sends each confirmed subscriber the issue with From, Reply-To and the list headers per message', async () => {
    const config = makeMailConfig();
    const stores = makeStores();
    const issue = makeIssue(config, 3);
    await publishIssue(stores.output, issue);
    for (const a of ['ann@example.org', 'bob@example.org']) await stores.subscribers.put('daily', confirmed(a));
    await stores.subscribers.put('daily', { ...confirmed('pen@example.org'), status: 'pending' });
    const report = await sendDigestIssue(
      { config, ...stores, transport, clock: fixedClock(NOW.toISOString()), log: silentLogger, sleep: async () => {} },
      { digestId: 'daily' },
    );
    expect(report).toMatchObject({ sent: ['ann@example.org', 'bob@example.org'], failed: [], complete: true });

    const store = (await (await fetch(`${endpoint}/store`)).json()) as { emails: StoredEmail[] };
    expect(store.emails.map((e) => e.destination.to)).toEqual([['ann@example.org'], ['bob@example.org']]);
    for (const email of store.emails) {
      expect(email.from).toBe('Example News <digest@news.example>');
      expect(email.replyTo).toEqual(['editor@news.example']);
      expect(email.subject).toBe(issue.title);
      expect(email.body.text).toContain(issue.url);
      expect(email.body.html).toContain(`href="${issue.url}"`);
      const headers = Object.fromEntries((email.headers ?? []).map((h) => [h.name, h.value]));
      expect(headers['List-Id']).toBe('<daily.news.example>');
      expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(headers['List-Unsubscribe']).toMatch(/^<https:\/\/mail\.news\.example\/unsubscribe\?token=[\w.-]+>, <mailto:unsubscribe@news\.example\?subject=unsubscribe>$/);
      expect(email.body.html).toContain(headers['List-Unsubscribe']!.slice(1).split('>')[0]);
    }
  });
});
