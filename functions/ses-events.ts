import * as z from 'zod';
import { createCertificateFetcher, type FetchCertificate, handleSesEvent } from '../src/mail-endpoints/index.js';
import { coldStartMailDeps, type MailFunctionDeps } from './mail-deps.js';
import { createHandler } from './envelope.js';

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
  // The shared envelope: a bad event or a failure is logged once at `error` and fails the invocation, so
  // SNS retries it and alarms see it.
  return createHandler(
    {
      name: 'ses events',
      schema: SnsEventSchema,
      describe: (event) => ({ records: event.Records.length }),
      async run(deps, event) {
        const topicArn = options.topicArn ?? process.env.FEEDWRIGHT_SES_TOPIC_ARN;
        for (const record of event.Records) {
          await handleSesEvent({ ...deps, fetchCertificate, ...(topicArn ? { topicArn } : {}) }, record.Sns);
        }
        return { handled: event.Records.length };
      },
      reportOf: () => undefined,
    },
    getDeps,
  );
}

export const handler = createSesEventsHandler(coldStartMailDeps);
