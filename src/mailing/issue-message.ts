import type { DigestIssue } from '../digest/index.js';
import { type EmailMessage, type IssueEmailLayout, listHeaders, renderIssueEmail } from '../email/index.js';
import { unsubscribeUrl } from './links.js';
import type { MailSettings } from './mail-settings.js';

/** One subscriber's copy of an issue: the same content for all, their own unsubscribe link and headers. */
export function issueMessage(settings: MailSettings, issue: DigestIssue, layout: IssueEmailLayout, to: { address: string; id: string }): EmailMessage {
  const unsubscribe = unsubscribeUrl(settings, to.id);
  const rendered = renderIssueEmail(issue, layout, { unsubscribeUrl: unsubscribe }, settings.subjectPrefix);
  return {
    from: settings.from,
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    to: to.address,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: listHeaders({
      listId: settings.listId,
      unsubscribeUrl: unsubscribe,
      ...(settings.unsubscribeMailto ? { unsubscribeMailto: settings.unsubscribeMailto } : {}),
    }),
  };
}
