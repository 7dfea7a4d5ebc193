import { type EmailMessage, listHeaders, renderAlreadySubscribedEmail, renderConfirmationEmail } from '../email/index.js';
import { confirmUrl, unsubscribeUrl } from './links.js';
import type { MailSettings } from './mail-settings.js';

/**
 * The one mail a subscribe request sends: a confirmation link, or, for an address already confirmed, a
 * note saying so with its unsubscribe link (and the list headers, so the mail client's button works too).
 */
export function subscribeReply(settings: MailSettings, to: { address: string; id: string; confirmed: boolean }, now: Date): EmailMessage {
  const sender = { from: settings.from, ...(settings.replyTo ? { replyTo: settings.replyTo } : {}), to: to.address };
  if (!to.confirmed) {
    const mail = renderConfirmationEmail({ digestTitle: settings.digestTitle, confirmUrl: confirmUrl(settings, to.id, now) });
    return { ...sender, subject: mail.subject, html: mail.html, text: mail.text, headers: [] };
  }
  const unsubscribe = unsubscribeUrl(settings, to.id);
  const mail = renderAlreadySubscribedEmail({ digestTitle: settings.digestTitle, unsubscribeUrl: unsubscribe });
  return {
    ...sender,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers: listHeaders({
      listId: settings.listId,
      unsubscribeUrl: unsubscribe,
      ...(settings.unsubscribeMailto ? { unsubscribeMailto: settings.unsubscribeMailto } : {}),
    }),
  };
}
