import { escapeHtml } from '../markup/index.js';
import { CONFIRMATION_STYLE as S } from './inline-styles.js';
import type { RenderedEmail } from './render-issue-email.js';

/**
 * The double opt-in mail. Its link opens a page whose button confirms (a POST): mail scanners that
 * follow every link with GET must not be able to subscribe anyone.
 */
export function renderConfirmationEmail(args: { digestTitle: string; confirmUrl: string; language?: string }): RenderedEmail {
  const title = escapeHtml(args.digestTitle);
  const url = escapeHtml(args.confirmUrl);
  const doc = `<!doctype html>
<html lang="${escapeHtml(args.language ?? 'en')}">
<head><meta charset="utf-8"><title>Confirm your subscription</title></head>
<body>
<div class="wrap" style="${S.wrap}">
<p>Someone, hopefully you, asked to receive <strong>${title}</strong> by e-mail at this address.</p>
<p><a class="button" href="${url}" style="${S.button}">Confirm the subscription</a></p>
<p class="small" style="${S.small}">If it was not you, ignore this message: nothing will be sent unless the subscription is confirmed. The link works for 7 days.</p>
</div>
</body>
</html>
`;
  const text = [
    `Someone, hopefully you, asked to receive ${args.digestTitle} by e-mail at this address.`,
    '',
    'Confirm the subscription here:',
    args.confirmUrl,
    '',
    'If it was not you, ignore this message: nothing will be sent unless the',
    'subscription is confirmed. The link works for 7 days.',
    '',
  ].join('\n');
  return { subject: `Confirm your subscription to ${args.digestTitle}`, html: doc, text };
}
