import { escapeHtml } from '../markup/index.js';
import { oneButtonEmailHtml } from './one-button-email.js';
import type { RenderedEmail } from './render-issue-email.js';

/**
 * The double opt-in mail. Its link opens a page whose button confirms (a POST): mail scanners that
 * follow every link with GET must not be able to subscribe anyone.
 */
export function renderConfirmationEmail(args: { digestTitle: string; confirmUrl: string; language?: string }): RenderedEmail {
  const doc = oneButtonEmailHtml({
    title: 'Confirm your subscription',
    language: args.language,
    paragraphsHtml: [`Someone, hopefully you, asked to receive <strong>${escapeHtml(args.digestTitle)}</strong> by e-mail at this address.`],
    button: { label: 'Confirm the subscription', url: args.confirmUrl },
    smallPrint: 'If it was not you, ignore this message: nothing will be sent unless the subscription is confirmed. The link works for 7 days.',
  });
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
