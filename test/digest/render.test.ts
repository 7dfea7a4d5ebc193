import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import {
  buildIssue,
  type DigestIssue,
  IssueParseError,
  parseIssueJson,
  renderDigestIndexHtml,
  renderIssueBodyHtml,
  renderIssueHtml,
  renderIssueJson,
  renderIssueMarkdown,
  renderIssueText,
  windowAt,
  wrapText,
} from '../../src/digest/index.js';
import { makeConfig, makeItem } from './helpers.js';

const config = makeConfig();
const weekly = config.digests[1]!;
const window = windowAt(weekly, new Date('2026-11-23T07:00:00Z'));

function sampleIssue(): DigestIssue {
  const issue = buildIssue({
    config,
    digest: weekly,
    window,
    items: [
      makeItem({ id: 'bold', title: 'Use <b>& friends', published: '2026-11-20T00:00:00Z', categories: ['HTML & CSS'], summary: 'Tags like <script>alert(1)</script> are text.' }),
      makeItem({ id: 'evil', title: 'Evil link', url: 'javascript:alert(1)', published: '2026-11-19T00:00:00Z' }),
      makeItem({ id: 'md', title: '# Not a *heading* [x](y)', published: '2026-11-18T00:00:00Z', categories: ['Markdown'], summary: '1. not a list & _not_ emphasis' }),
    ],
  });
  if (!issue) throw new Error('expected an issue');
  return issue;
}

describe('renderIssueHtml', () => {
  const html = renderIssueHtml(sampleIssue());

  it('is a standalone UTF-8 document without scripts, stylesheets or external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<style|<link|<img|<iframe|\ssrc=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('escapes titles, categories and summaries', () => {
    expect(html).toContain('Use &lt;b&gt;&amp; friends');
    expect(html).not.toContain('<b>&');
    expect(html).toContain('HTML &amp; CSS');
    expect(html).toContain('Tags like &lt;script&gt;alert(1)&lt;/script&gt; are text.');
  });

  it('links only http(s) URLs', () => {
    expect(html).toContain('href="https://news.example/articles/bold.html"');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('Evil link');
  });

  it('styles inline and is well-formed enough for an XML parser', () => {
    expect(html).toContain('style="');
    // Void elements are HTML-style, so check the body fragment (the feed content) as XML.
    expect(XMLValidator.validate(renderIssueBodyHtml(sampleIssue()))).toBe(true);
  });

  it('shows category headings in order', () => {
    const order = ['>HTML &amp; CSS<', '>Markdown<', '>Other<'].map((h) => html.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('says so when an issue is empty', () => {
    const empty = buildIssue({ config, digest: { ...weekly, publishEmpty: true }, window, items: [] });
    expect(renderIssueHtml(empty!)).toContain('No new articles in this period.');
  });
});

describe('renderIssueMarkdown', () => {
  const md = renderIssueMarkdown(sampleIssue());

  it('escapes Markdown syntax in text', () => {
    expect(md).toContain('### [\\# Not a \\*heading\\* \\[x\\](y)](<https://news.example/articles/md.html>)');
    expect(md).toContain('1\\. not a list \\& \\_not\\_ emphasis');
    expect(md).toContain('Use \\<b\\>\\& friends');
  });

  it('has headings for title and groups', () => {
    expect(md.startsWith('# [Example News — Weekly digest, 23 November 2026](<https://news.example/digests/weekly/2026-11-23.html>)\n')).toBe(true);
    expect(md).toContain('\n## Markdown\n');
  });
});

describe('renderIssueText', () => {
  const text = renderIssueText(sampleIssue());

  it('keeps raw text and URLs, no markup', () => {
    expect(text).toContain('* Use <b>& friends\n  https://news.example/articles/bold.html\n');
    expect(text.split('\n').every((line) => line.length <= 72 || !line.includes(' '))).toBe(true);
  });

  it('wraps at 72 columns with an indent', () => {
    const lines = wrapText('word '.repeat(40), '  ');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.length <= 72 && l.startsWith('  word'))).toBe(true);
  });
});

describe('renderIssueJson', () => {
  it('round-trips to the same bytes', () => {
    const json = renderIssueJson(sampleIssue());
    const parsed = parseIssueJson(json, 'k.json');
    expect(parsed.sections[0]?.articles[0]?.title).toBe('Use <b>& friends');
    expect(renderIssueJson(parsed)).toBe(json);
  });

  it('rejects a malformed record with the key', () => {
    expect(() => parseIssueJson('{"version":2}', 'digests/x/2026-01-01.json')).toThrow(IssueParseError);
    expect(() => parseIssueJson('nope', 'digests/x/2026-01-01.json')).toThrow(/digests\/x\/2026-01-01\.json/);
  });
});

describe('renderDigestIndexHtml', () => {
  it('lists issues newest first with relative links', () => {
    const html = renderDigestIndexHtml({
      title: 'Example <News>',
      language: 'en',
      feedUrls: { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' },
      issues: [
        { date: '2026-11-16', articleCount: 1 },
        { date: '2026-11-23', articleCount: 3 },
      ],
    });
    expect(html.indexOf('href="2026-11-23.html"')).toBeGreaterThan(0);
    expect(html.indexOf('href="2026-11-23.html"')).toBeLessThan(html.indexOf('href="2026-11-16.html"'));
    expect(html).toContain('Example &lt;News&gt;');
    expect(html).not.toMatch(/<script/i);
  });
});

describe('a digest page in a right-to-left language', () => {
  it('declares dir="rtl"', () => {
    const arConfig = makeConfig({ site: { title: 'أخبار', baseUrl: 'https://news.example/', language: 'ar' } });
    const issue = buildIssue({ config: arConfig, digest: arConfig.digests[1]!, window, items: [makeItem({ id: 'a', published: '2026-11-20T00:00:00Z' })] });
    expect(renderIssueHtml(issue!)).toContain('<html lang="ar" dir="rtl">');
  });
});
