import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Env } from '../storage/index.js';
import { MailSendError, type MailTransport, nonEmpty, sesDescription } from './mail-transport.js';

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

export interface SesTransportOptions {
  client: SESv2Client;
  /** SES configuration set whose event destination publishes bounces and complaints to SNS. */
  configurationSet?: string;
}

// SES answers these for a message that will never be accepted as it is; anything else (throttling,
// 5xx, network) may pass on a later try.
const PERMANENT = new Set(['MessageRejected', 'BadRequestException', 'AccountSuspendedException', 'MailFromDomainNotVerifiedException', 'NotFoundException']);

/**
 * Amazon SES v2 `SendEmail` with simple content: SES builds the MIME itself, and our list headers travel
 * as per-message `Headers` (supported since 2024), so the client needs no raw-message permission.
 */
export function createSesTransport(options: SesTransportOptions): MailTransport {
  return {
    description: sesDescription(options.configurationSet),
    async send(message) {
      try {
        const result = await options.client.send(
          new SendEmailCommand({
            FromEmailAddress: message.from,
            ...(message.replyTo ? { ReplyToAddresses: [message.replyTo] } : {}),
            Destination: { ToAddresses: [message.to] },
            ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
            Content: {
              Simple: {
                Subject: { Data: message.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
                Headers: message.headers.map((h) => ({ Name: h.name, Value: h.value })),
              },
            },
          }),
        );
        return { messageId: result.MessageId ?? '' };
      } catch (cause) {
        const name = (cause as Error).name;
        throw new MailSendError(`SES: ${name}: ${(cause as Error).message}`, PERMANENT.has(name), { cause });
      }
    },
  };
}
