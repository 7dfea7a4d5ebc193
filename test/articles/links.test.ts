import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/articles/index.js';
import { sanitizeArticleHtml } from '../../src/articles/sanitize.js';
import { makeContext, source } from './helpers.js';

const md = (front: string, body = 'Body text.') => source('a.md', `---\n${front}\n---\n${body}`);

describe('unsafe links are dropped with a warning; the article is still published', () => {
  it('author url', () => {
    const r = loadArticles([md('author: { name: Ada, url: "javascript:alert(document.domain)" }')], makeContext());
    expect(r.articles).toHaveLength(1);
    expect(r.articles[0]?.authors).toEqual([{ name: 'Ada' }]);
    expect(r.warnings).toEqual([
      { path: 'a.md', reason: 'author.url: dropped "javascript:alert(document.domain)" (only http(s) links are published)' },
    ]);
  });

  it('image disguised with a tab', () => {
    const r = loadArticles([md('image: "java\\tscript:alert(1)"')], makeContext());
    expect(r.articles).toHaveLength(1);
    expect(r.articles[0]?.image).toBeUndefined();
    expect(r.warnings).toEqual([{ path: 'a.md', reason: 'image: dropped "java\\tscript:alert(1)" (only http(s) links are published)' }]);
  });

  it('article url with another scheme', () => {
    const r = loadArticles([md('url: "data:text/html,hi"')], makeContext());
    expect(r.articles[0]?.url).toBeUndefined();
    expect(r.warnings.map((w) => w.reason)).toEqual(['url: dropped "data:text/html,hi" (only absolute http(s) links are published)']);
  });

  it('author e-mail that is not an address, in an authors list', () => {
    const r = loadArticles([md('authors: [{ name: Ada, email: ada@example.com }, { name: Bob, email: "bob\\" onload=\\"x" }]')], makeContext());
    expect(r.articles[0]?.authors).toEqual([{ name: 'Ada', email: 'ada@example.com' }, { name: 'Bob' }]);
    expect(r.warnings.map((w) => w.reason)).toEqual(['authors[1].email: dropped "bob\\" onload=\\"x" (not an e-mail address)']);
  });

  it('keeps good links untouched and reports nothing', () => {
    const r = loadArticles(
      [md('url: https://example.com/post\nimage: /img/a.png\nauthor: { name: Ada, url: "https://ada.example", email: ada@example.com }')],
      makeContext(),
    );
    const a = r.articles[0];
    expect(a?.url).toBe('https://example.com/post');
    expect(a?.image).toBe('https://example.com/img/a.png');
    expect(a?.authors).toEqual([{ name: 'Ada', url: 'https://ada.example/', email: 'ada@example.com' }]);
    expect(r.warnings).toEqual([]);
  });

  it('links and images in content, JSON and HTML sources alike', () => {
    const json = source(
      'j.json',
      JSON.stringify({
        title: 'T',
        content_html: '<p><a href="java\tscript:alert(1)">x</a> <img src="data:image/png;base64,AAAA"> <a href="https://ok.example/">ok</a> <a href="mailto:a@example.com">m</a></p>',
      }),
    );
    const html = source('h.html', '<html><head><meta property="og:image" content="javascript:alert(1)"></head><body><p>Text <a href=" javascript:x">y</a></p></body></html>');
    const r = loadArticles([json, html], makeContext());
    expect(r.articles).toHaveLength(2);
    const j = r.articles.find((a) => a.sourcePath === 'j.json');
    expect(j?.contentHtml).not.toMatch(/script|data:/i);
    expect(j?.contentHtml).toContain('href="https://ok.example/"');
    expect(j?.contentHtml).toContain('href="mailto:a@example.com"');
    expect(r.warnings).toEqual([
      { path: 'h.html', reason: 'image (og:image): dropped "javascript:alert(1)" (only absolute http(s) links are published)' },
      { path: 'h.html', reason: 'content <a href>: dropped " javascript:x" (only http(s) and mailto links are published)' },
      { path: 'j.json', reason: 'content <a href>: dropped "java\\tscript:alert(1)" (only http(s) and mailto links are published)' },
      { path: 'j.json', reason: 'content <img src>: dropped "data:image/png;base64,AAAA" (only http(s) and mailto links are published)' },
    ]);
  });

  it('takes an HTML page without og:image its first image inside the article, never a header logo or a script link', () => {
    const page = source(
      'news/p.html',
      '<html><head><title>T</title></head><body><header><img src="/logo.png"></header><article><p>Text here. More text.</p><img src="https://cdn.example/a.jpg"><img src="b.jpg"></article></body></html>',
    );
    const bad = source('q.html', '<html><body><p>Text here. More text.</p><img src="javascript:alert(1)"></body></html>');
    const r = loadArticles([page, bad], makeContext());
    expect(r.articles.find((a) => a.sourcePath === 'news/p.html')?.image).toBe('https://cdn.example/a.jpg');
    expect(r.articles.find((a) => a.sourcePath === 'q.html')?.image).toBeUndefined();
    expect(r.warnings).toContainEqual({ path: 'q.html', reason: 'image (first <img>): dropped "javascript:alert(1)" (only http(s) or relative links are published)' });
  });

  it('sanitizer drops control-disguised and data: URLs even without a reporter', () => {
    const out = sanitizeArticleHtml(
      '<a href="java&#x09;script:alert(1)">a</a><a href="&#x01;javascript:alert(1)">b</a><img src="data:image/svg+xml,x"><a href="jav&#x0A;ascript:x">c</a>',
      'https://site.example/articles/p.html',
    );
    expect(out).toBe('<a>a</a><a>b</a><img /><a>c</a>');
  });
});
