import { escapeHtml } from '../markup/index.js';
import { CONFIRMATION_STYLE as S } from './inline-styles.js';
import type { RenderedEmail } from './render-issue-email.js';

/**
 * What a subscribe request for an address that is already confirmed mails instead of a confirmation: the
 * form answers the same for every address only if every address gets one mail, and the owner of the
 * mailbox learns that someone asked and how to leave.
 */
export function renderAlreadySubscribedEmail(args: { digestTitle: string; unsubscribeUrl: string; language?: string }): RenderedEmail {
  const title = escapeHtml(args.digestTitle);
  const url = escapeHtml(args.unsubscribeUrl);
  const doc = `<!doctype html>
<html lang="${escapeHtml(args.language ?? 'en')}">
<head><meta charset="utf-8"><title>You are already subscribed</title></head>
<body>
<div class="wrap" style="${S.wrap}">
<p>Someone, hopefully you, asked to receive <strong>${title}</strong> by e-mail at this address. This address is already subscribed, so nothing has changed: the issues keep coming.</p>
<p><a class="button" href="${url}" style="${S.button}">Unsubscribe</a></p>
<p class="small" style="${S.small}">If you want to keep receiving it, or if it was not you, ignore this message.</p>
</div>
</body>
</html>
`;
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
