import juice from 'juice';
import { describe, expect, it } from 'vitest';
import { renderAlreadySubscribedEmail, renderConfirmationEmail, renderIssueEmail } from '../../src/email/index.js';
import { makeIssue, makeMailConfig } from './helpers.js';

// The e-mails' look as a stylesheet, the way it was designed. juice (a dev dependency only) inlines it
// into the rendered HTML with its style attributes removed: the result must be exactly what we send.
const ISSUE_CSS = `
body { margin: 0; padding: 0; background: #ffffff; }
.wrap { font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1b; max-width: 640px; margin: 0 auto; padding: 16px; }
h1 { font-size: 24px; line-height: 1.25; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 24px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #dddddd; }
h3 { font-size: 17px; line-height: 1.3; margin: 0 0 4px; }
a { color: #0b57d0; text-decoration: none; }
.lead { color: #555555; font-size: 14px; margin: 0 0 24px; }
.article { margin: 0 0 20px; }
.meta { color: #666666; font-size: 13px; margin: 0 0 4px; }
.summary { margin: 0; }
.more { padding-left: 20px; margin: 0 0 12px; }
.more li { margin: 0 0 4px; }
.footer { color: #777777; font-size: 13px; margin: 32px 0 0; border-top: 1px solid #dddddd; padding-top: 8px; }
.footer a { color: #555555; text-decoration: underline; }
`;
const CONFIRMATION_CSS = `
.wrap { font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1b; max-width: 560px; margin: 0 auto; padding: 16px; }
.button { display: inline-block; background: #0b57d0; color: #ffffff; padding: 10px 18px; border-radius: 4px; text-decoration: none; }
.small { color: #666666; font-size: 13px; }
`;

const unstyled = (html: string): string => html.replace(/ style="[^"]*"/g, '');

describe('inline e-mail styles', () => {
  const config = makeMailConfig();

  it('gives every element of an issue the style the stylesheet gives it', () => {
    const issue = makeIssue(config, 7);
    const [first] = issue.sections;
    // Named sections too, so that the section headings are covered.
    const sectioned = { ...issue, sections: [{ name: 'News', articles: first!.articles.slice(0, 2) }, { name: 'Other', articles: first!.articles.slice(2) }] };
    const { html } = renderIssueEmail(sectioned, { full: 4, linked: 2 }, { unsubscribeUrl: 'https://mail.news.example/unsubscribe?token=a&b' });
    expect(html).toContain('<h2 style="font-size: 18px;');
    expect(html).toContain('<li style="margin: 0 0 4px;">');
    expect(html).toContain('Unsubscribe</a>');
    expect(html).toBe(juice.inlineContent(unstyled(html), ISSUE_CSS));
  });

  it('styles the confirmation mail the same way', () => {
    const { html } = renderConfirmationEmail({ digestTitle: 'News & <co>', confirmUrl: 'https://mail.news.example/confirm?token=x&y' });
    expect(html).toContain('class="button"');
    expect(html).toBe(juice.inlineContent(unstyled(html), CONFIRMATION_CSS));
  });

  it('styles the already-subscribed note like the confirmation mail', () => {
    const { html } = renderAlreadySubscribedEmail({ digestTitle: 'News & <co>', unsubscribeUrl: 'https://mail.news.example/unsubscribe?token=x&y' });
    expect(html).toContain('News &amp; &lt;co&gt;');
    expect(html).toContain('href="https://mail.news.example/unsubscribe?token=x&amp;y"');
    expect(html).toBe(juice.inlineContent(unstyled(html), CONFIRMATION_CSS));
  });
});
