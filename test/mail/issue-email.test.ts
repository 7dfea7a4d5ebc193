import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMime } from '../../src/email/index.js';
import { issueMessage, planIssueLayout, resolveMailSettings } from '../../src/mailing/index.js';
import { subscriberId } from '../../src/subscribers/index.js';
import { MAX_EMAIL_BASE_URL } from '../../src/config/config.js';
import { headerLine, makeIssue, makeMailConfig, SECRET } from './helpers.js';

const config = makeMailConfig();

const settings = resolveMailSettings(config, 'daily');
const to = { address: 'ann@example.org', id: subscriberId('ann@example.org') };

describe('issue e-mail', () => {
  it('is multipart/alternative with a text part and an HTML part whose CSS is inline', async () => {
    const issue = makeIssue(config, 3);
    const { layout } = await planIssueLayout(settings, issue);
    expect(layout).toEqual({ full: 3, linked: 0 });
    const raw = await composeMime(issueMessage(settings, issue, layout, to));
    expect(raw.toString('latin1')).toMatch(/^Content-Type: multipart\/alternative;/m);
    const mail = await simpleParser(raw);
    expect(mail.from?.value).toEqual([{ name: 'Example News', address: 'digest@news.example' }]);
    expect(mail.replyTo?.value).toEqual([{ name: '', address: 'editor@news.example' }]);
    expect(mail.subject).toBe(issue.title);
    expect(headerLine(mail, 'list-id')).toBe('List-ID: <daily.news.example>');
    expect(headerLine(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const html = String(mail.html);
    expect(html).not.toContain('<style');
    expect(html).toMatch(/<p class="lead" style="color: ?#555555;/);
    expect(html).toMatch(/<h1 style="[^"]*font-size: ?24px/);
    // Escaped once, never interpreted.
    expect(html).toContain('Article number 0 &amp; &lt;friends&gt;');
    expect(mail.text).toContain('* Article number 2 & <friends>');
    expect(mail.text).toContain('https://news.example/articles/a0002.html');
  });

  it('keeps a digest of 250 articles under 100 KB and lists the overflow as title + link', async () => {
    const issue = makeIssue(config, 250, 60);
    const { layout, bytes } = await planIssueLayout(settings, issue);
    expect(layout.full).toBeGreaterThan(10);
    expect(layout.full).toBeLessThan(250);
    expect(layout.full + layout.linked).toBe(250);
    const raw = await composeMime(issueMessage(settings, issue, layout, to));
    expect(raw.length).toBeLessThan(100_000);
    expect(Math.abs(raw.length - bytes)).toBeLessThan(200);
    const mail = await simpleParser(raw);
    const html = String(mail.html);
    // Full entries carry their summary; the overflow only a linked title.
    const firstOverflow = `a${String(layout.full).padStart(4, '0')}`;
    expect(html).toContain('More in this issue');
    expect(html).toMatch(new RegExp(`<li[^>]*><a href="https://news.example/articles/${firstOverflow}.html"[^>]*>Article number ${layout.full} &amp;`));
    expect((html.match(/word59/g) ?? []).length).toBe(layout.full);
    expect(html).toContain(`href="${issue.url}"`);
    expect(mail.text).toContain(`https://news.example/articles/a0249.html`);
  });

  it('lists only as many links as fit, and counts the rest, when even the links overflow', async () => {
    const small = resolveMailSettings(makeMailConfig({ email: { ...config.email!, maxBytes: 20_000 } }), 'daily');
    const issue = makeIssue(config, 600, 5);
    const { layout } = await planIssueLayout(small, issue);
    expect(layout.full).toBe(0);
    expect(layout.linked).toBeGreaterThan(0);
    const mail = await simpleParser(await composeMime(issueMessage(small, issue, layout, to)));
    expect(String(mail.html)).toContain(`${600 - layout.linked} more articles: `);
    expect((await composeMime(issueMessage(small, issue, layout, to))).length).toBeLessThan(20_000);
  });

  it('carries an HTTPS one-click unsubscribe link for this subscriber, then the mailto', async () => {
    const issue = makeIssue(config, 1);
    const mail = await simpleParser(await composeMime(issueMessage(settings, issue, { full: 1, linked: 0 }, to)));
    const header = headerLine(mail, 'list-unsubscribe') ?? '';
    const match = /^List-Unsubscribe: <(https:\/\/mail\.news\.example\/unsubscribe\?token=[^>]+)>, <mailto:unsubscribe@news\.example\?subject=unsubscribe>$/.exec(header);
    expect(match, header).not.toBeNull();
    const url = new URL(match![1]!);
    const [payload] = url.searchParams.get('token')!.split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({ act: 'unsubscribe', dig: 'daily', sub: to.id });
    // The same link in the footer of both parts.
    expect(String(mail.html)).toContain(url.toString().replaceAll('&', '&amp;'));
    expect(mail.text).toContain(url.toString());
    // No address in the URL, for access logs.
    expect(url.toString()).not.toContain('ann');
  });

  // RFC 5322 2.1.1: a line is at most 998 characters. The unsubscribe URI cannot be folded inside, only
  // between the list's elements; the longest email.baseUrl the config takes, with the longest digest id,
  // still fits.
  it('keeps every line within 998 characters with the longest email.baseUrl and digest id', async () => {
    const base = 'https://mail.news.example/';
    const baseUrl = `${base}${'p'.repeat(MAX_EMAIL_BASE_URL - base.length - 1)}/`;
    const id = 'd'.repeat(40);
    const long = makeMailConfig({
      email: { from: 'Example News <digest@news.example>', baseUrl, unsubscribeMailto: 'unsubscribe@news.example', secret: SECRET },
      digests: [{ id, schedule: { every: 'day', at: '07:00' } }],
    });
    expect(long.email?.baseUrl).toHaveLength(MAX_EMAIL_BASE_URL);
    const eml = await composeMime(issueMessage(resolveMailSettings(long, id), makeIssue(long, 1), { full: 1, linked: 0 }, to));
    const lines = eml.toString('latin1').split('\r\n');
    expect(lines.filter((line) => line.length > 998).map((line) => line.slice(0, 40))).toEqual([]);
    const mail = await simpleParser(eml);
    expect(headerLine(mail, 'list-unsubscribe')).toMatch(new RegExp(`^List-Unsubscribe: <${baseUrl}unsubscribe\\?token=[^>]+>, <mailto:unsubscribe@news\\.example\\?subject=unsubscribe>$`));
  });

  it('refuses to write a List-Unsubscribe URI that cannot fit in one header line (998 characters)', () => {
    const issue = makeIssue(config, 1);
    const endpointsUrl = `https://mail.news.example/${'p'.repeat(850)}/`;
    const tooLong = resolveMailSettings(config, 'daily', { endpointsUrl });
    expect(() => issueMessage(tooLong, issue, { full: 1, linked: 0 }, to)).toThrow(/too long for one header line/);
  });
});
