import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmailMessage } from './email-message.js';

/** The nodemailer options for a message: used by the SMTP transport and by `composeMime`, so both encode alike. */
export function mailOptions(message: EmailMessage) {
  return {
    from: message.from,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers.map((h) => ({ key: h.name, value: h.value })),
  };
}

/** The message as RFC 5322 bytes (`multipart/alternative`, text then HTML): what `mail preview` writes as `.eml`. */
export async function composeMime(message: EmailMessage, options: { date?: Date; messageId?: string } = {}): Promise<Buffer> {
  const composer = new MailComposer({
    ...mailOptions(message),
    ...(options.date ? { date: options.date } : {}),
    ...(options.messageId ? { messageId: options.messageId } : {}),
  });
  return composer.compile().build();
}
