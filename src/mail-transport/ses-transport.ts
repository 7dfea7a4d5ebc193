import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { MailSendError, type MailTransport } from './mail-transport.js';

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
    description: `SES v2${options.configurationSet ? ` (configuration set ${options.configurationSet})` : ''}`,
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
