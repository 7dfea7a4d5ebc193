import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Env } from '../storage/index.js';
import { type MailTransport, nonEmpty, sesDescription, smtpDescription } from './mail-transport.js';
import { smtpUrlFromEnv } from './smtp-url.js';

/**
 * A transport whose implementation (nodemailer, or the SES client: 60-200 ms of module load) is imported
 * on the first message: a handler or command that sends nothing never loads it.
 */
function loadedOnFirstSend(description: string, load: () => Promise<MailTransport>): MailTransport {
  let loading: Promise<MailTransport> | undefined;
  return {
    description,
    async send(message) {
      loading ??= load();
      return (await loading).send(message);
    },
    async close() {
      if (loading) await (await loading).close?.();
    },
  };
}

/**
 * `FEEDWRIGHT_SMTP_URL=smtp://host:port` selects SMTP; otherwise SES v2 (`AWS_ENDPOINT_URL_SESV2` points it at
 * a local aws-ses-v2-local). `FEEDWRIGHT_SES_CONFIGURATION_SET` routes bounces and complaints to SNS. A malformed
 * SMTP URL throws ConfigError here, before anything is sent.
 */
export function createMailTransport(env: Env = process.env, options: { sesClient?: SESv2Client } = {}): MailTransport {
  const smtp = smtpUrlFromEnv(env);
  if (smtp) {
    return loadedOnFirstSend(smtpDescription(smtp), async () => (await import('./smtp-transport.js')).createSmtpTransport(smtp));
  }
  const configurationSet = nonEmpty(env.FEEDWRIGHT_SES_CONFIGURATION_SET);
  return loadedOnFirstSend(sesDescription(configurationSet), async () => {
    const { createSesClient, createSesTransport } = await import('./ses-transport.js');
    return createSesTransport({ client: options.sesClient ?? createSesClient(env), ...(configurationSet ? { configurationSet } : {}) });
  });
}
