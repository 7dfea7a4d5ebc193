import { escapeHtml } from '../markup/index.js';
import { oneButtonEmailHtml } from './one-button-email.js';
import type { RenderedEmail } from './render-issue-email.js';

/**
 * What a subscribe request for an address that is already confirmed mails instead of a confirmation: the
 * form answers the same for every address only if every address gets one mail, and the owner of the
 * mailbox learns that someone asked and how to leave.
 */
export function renderAlreadySubscribedEmail(args: { digestTitle: string; unsubscribeUrl: string; language?: string }): RenderedEmail {
  const doc = oneButtonEmailHtml({
    title: 'You are already subscribed',
    language: args.language,
    paragraphsHtml: [
      `Someone, hopefully you, asked to receive <strong>${escapeHtml(args.digestTitle)}</strong> by e-mail at this address. This address is already subscribed, so nothing has changed: the issues keep coming.`,
    ],
    button: { label: 'Unsubscribe', url: args.unsubscribeUrl },
    smallPrint: 'If you want to keep receiving it, or if it was not you, ignore this message.',
  });
  const text = [
    `Someone, hopefully you, asked to receive ${args.digestTitle} by e-mail at this address.`,
    'This address is already subscribed, so nothing has changed: the issues keep coming.',
    '',
    'To stop receiving them, unsubscribe here:',
    args.unsubscribeUrl,
    '',
    'If you want to keep receiving it, or if it was not you, ignore this message.',
    '',
  ].join('\n');
  return { subject: `You are already subscribed to ${args.digestTitle}`, html: doc, text };
}
