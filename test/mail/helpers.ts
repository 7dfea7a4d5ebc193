import type { ParsedMail } from 'mailparser';
import { buildIssue, type DigestIssue, issueKey, renderIssueJson, windowAt } from '../../src/digest/index.js';
import type { Config, ConfigInput } from '../../src/config/config.js';
import type { EmailMessage } from '../../src/email/index.js';
import type { MailTransport } from '../../src/mail-transport/index.js';
import { MailSendError } from '../../src/mail-transport/index.js';
import { createMemoryStore } from '../../src/storage/index.js';
import type { Store } from '../../src/storage/index.js';
import { createStoreSubscriberStore, type Subscriber } from '../../src/subscribers/index.js';
import { makeConfig, makeItem } from '../digest/helpers.js';

export const SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const NOW = new Date('2026-11-30T07:00:00Z');

export function makeMailConfig(overrides: ConfigInput = {}): Config {
  return makeConfig({
    email: {
      from: 'Example News <digest@news.example>',
      replyTo: 'editor@news.example',
      baseUrl: 'https://mail.news.example/',
      unsubscribeMailto: 'unsubscribe@news.example',
      secret: SECRET,
    },
    ...overrides,
  });
}

/** A daily issue with `count` articles, each with a summary of about `summaryWords` words. */
export function makeIssue(config: Config, count: number, summaryWords = 40): DigestIssue {
  const daily = config.digests[0]!;
  const window = windowAt(daily, NOW);
  const items = Array.from({ length: count }, (_, i) =>
    makeItem({
      id: `a${String(i).padStart(4, '0')}`,
      title: `Article number ${i} & <friends>`,
      published: new Date(NOW.getTime() - (i + 1) * 60_000).toISOString(),
      summary: Array.from({ length: summaryWords }, (_, w) => `word${w}`).join(' '),
      categories: i % 2 === 0 ? ['News'] : [],
    }),
  );
  const issue = buildIssue({ config, digest: daily, window, items });
  if (!issue) throw new Error('expected an issue');
  return issue;
}

export async function publishIssue(output: Store, issue: DigestIssue): Promise<void> {
  await output.write(issueKey(issue.digestId, issue.date, 'json'), renderIssueJson(issue), { contentType: 'application/json', cacheControl: 'no-cache' });
}

export function confirmed(address: string): Subscriber {
  return { version: 1, address, status: 'confirmed', source: 'test', requestedAt: NOW.toISOString(), consentAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
}

export function makeStores() {
  const output = createMemoryStore();
  const state = createMemoryStore();
  return { output, state, subscribers: createStoreSubscriberStore(state) };
}

/** Records messages; `failFor` addresses get a permanent refusal, like an SMTP 550. */
export function recordingTransport(failFor: string[] = []): MailTransport & { sent: EmailMessage[] } {
  const sent: EmailMessage[] = [];
  return {
    description: 'memory',
    sent,
    async send(message) {
      if (failFor.includes(message.to)) throw new MailSendError(`550 mailbox unavailable: ${message.to}`, true);
      sent.push(message);
      return { messageId: `<${sent.length}@test>` };
    },
  };
}

/** A header as written on the wire, unfolded: mailparser folds List-* headers into one parsed object. */
export function headerLine(mail: ParsedMail, key: string): string | undefined {
  return mail.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n[ \t]+/g, ' ');
}
