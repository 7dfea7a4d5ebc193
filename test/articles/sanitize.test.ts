import { describe, expect, it } from 'vitest';
import { loadArticles, stripXmlIllegal } from '../../src/articles/index.js';
import { makeContext, source } from './helpers.js';

function htmlOf(body: string): string {
  const r = loadArticles([source('s.json', JSON.stringify({ title: 'S', content_html: body }))], makeContext());
  expect(r.rejected).toEqual([]);
  return r.articles[0]?.contentHtml ?? '';
}

describe('sanitization', () => {
  it('removes scripts with their content', () => {
    expect(htmlOf('<p>Hi</p><script>alert("x")</script><style>p{}</style>')).toBe('<p>Hi</p>');
  });

  it('removes event handler and style attributes', () => {
    expect(htmlOf('<p onclick="steal()" style="color:red">Hi <img src="a.png" onerror="x()"></p>')).toBe(
      '<p>Hi <img src="https://feedwright.example/articles/a.png" /></p>',
    );
  });

  it('removes javascript: URLs, also disguised ones', () => {
    const out = htmlOf('<a href="javascript:alert(1)">a</a><a href="  JaVaScRiPt:alert(1)">b</a><a href="jav&#x09;ascript:alert(1)">c</a>');
    expect(out).not.toMatch(/javascript/i);
    expect(out).toBe('<a>a</a><a>b</a><a>c</a>');
  });

  it('keeps common formatting, figures and tables', () => {
    const html =
      '<h2>T</h2><p><strong>b</strong> <em>i</em> <code class="language-ts">c</code></p><figure><img src="https://x.example/i.png" alt="i" /><figcaption>c</figcaption></figure><table><tr><td colspan="2">1</td></tr></table><blockquote>q</blockquote>';
    const out = htmlOf(html);
    for (const part of ['<h2>T</h2>', '<strong>b</strong>', '<code class="language-ts">c</code>', '<figure>', '<figcaption>c</figcaption>', '<td colspan="2">1</td>', '<blockquote>q</blockquote>', 'src="https://x.example/i.png"']) {
      expect(out).toContain(part);
    }
  });

  it('removes script from Markdown bodies too', () => {
    const r = loadArticles([source('m.md', 'Text <script>alert(1)</script> <img src=x onerror=alert(1)>')], makeContext());
    expect(r.articles[0]?.contentHtml).not.toMatch(/script|onerror/);
  });
});

describe('absolute URLs', () => {
  it('rewrites relative, root-relative, fragment and protocol-relative URLs', () => {
    const out = htmlOf('<a href="other.html">1</a><a href="/about/">2</a><a href="#note">3</a><img src="//cdn.example/p.jpg"><a href="mailto:a@b.example">4</a>');
    // Slug of "S" is "s", so the page is articles/s.html.
    expect(out).toBe(
      '<a href="https://feedwright.example/articles/other.html">1</a>' +
        '<a href="https://feedwright.example/about/">2</a>' +
        '<a href="https://feedwright.example/articles/s.html#note">3</a>' +
        '<img src="https://cdn.example/p.jpg" />' +
        '<a href="mailto:a@b.example">4</a>',
    );
  });
});

describe('XML-illegal characters', () => {
  it('strips C0 controls, U+FFFE/FFFF and lone surrogates but keeps tabs, newlines and emoji', () => {
    expect(stripXmlIllegal('a\u0001b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFFg\uD800h\uDC00i')).toBe('abcdefghi');
    expect(stripXmlIllegal('tab\there\nnew\rline 😀')).toBe('tab\there\nnew\rline 😀');
  });

  it('cleans every text field of an article', () => {
    const article = {
      title: 'Ti\u0002tle',
      summary: 'Sum\u0003mary',
      author: 'Ann\u0004',
      categories: ['sci\u0005ence'],
      content_html: '<p>Body &#1; with \u0006 control &#xFFFF;</p>',
    };
    const r = loadArticles([source('x.json', JSON.stringify(article))], makeContext());
    const a = r.articles[0];
    expect(a?.title).toBe('Title');
    expect(a?.summary).toBe('Summary');
    expect(a?.authors).toEqual([{ name: 'Ann' }]);
    expect(a?.categories).toEqual(['science']);
    expect(a?.contentText).toBe('Body with control');
    expect(a?.contentHtml).not.toMatch(/[\u0000-\u0008\uFFFF]|&#1;|&#xFFFF;/i);
  });
});
