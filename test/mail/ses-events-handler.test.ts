import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../functions/log.js';
import type { MailFunctionDeps } from '../../functions/mail-deps.js';
import { createSesEventsHandler } from '../../functions/ses-events.js';

describe('the SES events handler (shared envelope)', () => {
  it('fails the invocation on a malformed SNS event, logging it once at error with its code, without building deps', async () => {
    const lines: string[] = [];
    let built = 0;
    const handler = createSesEventsHandler(() => {
      built++;
      return { log: createJsonLogger((line) => lines.push(line)) } as unknown as MailFunctionDeps;
    });
    // The envelope's fallback logger writes to stdout; what matters here is the rejection and that no deps were built.
    await expect(handler({ Records: [] })).rejects.toMatchObject({ code: 'invalid-payload' });
    await expect(handler({ nothing: true })).rejects.toMatchObject({ code: 'invalid-payload' });
    expect(built).toBe(0);
  });

  it('logs a failure while handling once at error with its code and rethrows it', async () => {
    const lines: string[] = [];
    const deps = { log: createJsonLogger((line) => lines.push(line)) } as unknown as MailFunctionDeps;
    const handler = createSesEventsHandler(() => deps, {
      topicArn: 'arn:aws:sns:us-east-1:123456789012:t',
      fetchCertificate: async () => {
        throw new Error('no network in this test');
      },
    });
    await expect(handler({ Records: [{ Sns: { Type: 'Notification', TopicArn: 'arn:aws:sns:us-east-1:123456789012:t' } }] })).rejects.toBeDefined();
    const errors = lines.map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toBe('ses events failed');
  });
});
