import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Env } from '../storage/index.js';
import type { MailTransport } from './mail-transport.js';
import { createSesTransport } from './ses-transport.js';
import { createSmtpTransport } from './smtp-transport.js';

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Like `createS3Client`: endpoint, region and keys read from the env given (tests, `invoke`), else the SDK's chain. */
export function createSesClient(env: Env = process.env): SESv2Client {
  const endpoint = nonEmpty(env.AWS_ENDPOINT_URL_SESV2) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  return new SESv2Client({
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, sessionToken: nonEmpty(env.AWS_SESSION_TOKEN) } } : {}),
    retryMode: 'standard',
    maxAttempts: 3,
  });
}

/**
 * `FEEDWRIGHT_SMTP_URL=smtp://host:port` selects SMTP; otherwise SES v2 (`AWS_ENDPOINT_URL_SESV2` points it at
 * a local aws-ses-v2-local). `FEEDWRIGHT_SES_CONFIGURATION_SET` routes bounces and complaints to SNS.
 */
export function createMailTransport(env: Env = process.env, options: { sesClient?: SESv2Client } = {}): MailTransport {
  const smtp = nonEmpty(env.FEEDWRIGHT_SMTP_URL);
  if (smtp) return createSmtpTransport(smtp);
  const configurationSet = nonEmpty(env.FEEDWRIGHT_SES_CONFIGURATION_SET);
  return createSesTransport({ client: options.sesClient ?? createSesClient(env), ...(configurationSet ? { configurationSet } : {}) });
}
