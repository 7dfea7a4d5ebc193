import { createTransport } from 'nodemailer';
import { mailOptions } from '../email/compose-mime.js';
import { MailSendError, type MailTransport, smtpDescription } from './mail-transport.js';

/** Any SMTP server (`smtp://host:port`, `smtps://user:pass@host`), one pooled connection per process. */
export function createSmtpTransport(url: string): MailTransport {
  const transporter = createTransport(url);
  const shownHost = new URL(url).host;
  return {
    description: smtpDescription(url),
    async send(message) {
      try {
        const info = await transporter.sendMail(mailOptions(message));
        return { messageId: String(info.messageId) };
      } catch (cause) {
        const code = (cause as { responseCode?: number }).responseCode;
        const permanent = typeof code === 'number' && code >= 500 && code < 600;
        throw new MailSendError(`SMTP ${shownHost}: ${(cause as Error).message}`, permanent, { cause });
      }
    },
    async close() {
      transporter.close();
    },
  };
}
