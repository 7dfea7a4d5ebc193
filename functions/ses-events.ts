import { z } from 'zod';
import { createCertificateFetcher, type FetchCertificate, handleSesEvent } from '../src/mail-endpoints/index.js';
import { coldStartMailDeps, type MailFunctionDeps } from './mail-deps.js';
import { ValidationError } from './errors.js';

const SnsEventSchema = z.looseObject({ Records: z.array(z.looseObject({ Sns: z.unknown() })).min(1) });

/**
 * SES bounce and complaint events from the configuration set's SNS topic. Every message's signature is
 * checked (even though SNS invokes Lambda directly) and its topic must be `FEEDWRIGHT_SES_TOPIC_ARN`.
 */
export function createSesEventsHandler(
  getDeps: () => MailFunctionDeps,
  options: { fetchCertificate?: FetchCertificate; topicArn?: string } = {},
): (event: unknown) => Promise<{ handled: number }> {
  const fetchCertificate = options.fetchCertificate ?? createCertificateFetcher();
  return async (event) => {
    const parsed = SnsEventSchema.safeParse(event);
    if (!parsed.success) throw new ValidationError(z.prettifyError(parsed.error), 'SNS event');
    const deps = getDeps();
    const topicArn = options.topicArn ?? process.env.FEEDWRIGHT_SES_TOPIC_ARN;
    for (const record of parsed.data.Records) {
      await handleSesEvent({ ...deps, fetchCertificate, ...(topicArn ? { topicArn } : {}) }, record.Sns);
    }
    return { handled: parsed.data.Records.length };
  };
}

export const handler = createSesEventsHandler(coldStartMailDeps);
