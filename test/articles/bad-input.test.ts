import { describe, expect, it } from 'vitest';
import { InputError, loadArticles } from '../../src/articles/index.js';
import { fixture, makeContext, source } from './helpers.js';

function rejectOne(file: Parameters<typeof loadArticles>[0][number], maxBytes?: number): InputError {
  const r = loadArticles([file, source('ok.md', 'A good article.')], makeContext(maxBytes ? { maxBytes } : {}));
  // One bad file never stops the others.
  expect(r.articles.map((a) => a.sourcePath)).toEqual(['ok.md']);
  expect(r.rejected).toHaveLength(1);
  const error = r.rejected[0];
  if (!error) throw new Error('not rejected');
  expect(error).toBeInstanceOf(InputError);
  expect(error.name).toBe('InputError');
  return error;
}

describe('rejected input', () => {
  it('broken YAML front matter names the file line', () => {
    const e = rejectOne(fixture('broken-front-matter.md'));
    expect(e.path).toBe('broken-front-matter.md');
    // The unclosed flow sequence opens on file line 3; the parser notices at line 4.
    expect(e.reason).toMatch(/^front matter: invalid YAML at line 4, column \d+: /);
  });

  it('unknown front-matter keys are named', () => {
    const e = rejectOne(source('t.md', '---\ntitel: Oops\n---\nBody.'));
    expect(e.reason).toBe('front matter: unknown field "titel"');
  });

  it('unknown keys named like Object.prototype members are named as written, in YAML, TOML and JSON', () => {
    for (const key of ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__']) {
      expect(rejectOne(source('t.md', `---\ntitle: T\n${key}: 1\n---\nBody.`)).reason).toBe(`front matter: unknown field "${key}"`);
      expect(rejectOne(source('t.json', `{"title":"T","${key}":1,"content":"Body."}`)).reason).toBe(`unknown field "${key}"`);
    }
    expect(rejectOne(source('t.md', '+++\ntitle = "T"\n[__proto__]\nx = 1\n+++\nBody.')).reason).toBe('front matter: unknown field "__proto__"');
  });

  it('two elements of one JSON array with one id are named by position', () => {
    const r = loadArticles(
      [source('arr.json', '[{"id":"j1","title":"A","date":"2026-01-29","content":"x"},{"id":"j1","title":"B","date":"2026-01-31","content":"dup"}]')],
      makeContext(),
    );
    expect(r.articles.map((a) => a.title)).toEqual(['A']);
    expect(r.rejected.map((e) => [e.path, e.reason])).toEqual([['arr.json#1', 'duplicate id "j1" (also used by arr.json#0, which is published)']]);
  });

  it('an unclosed front matter block', () => {
    expect(rejectOne(source('t.md', '---\ntitle: x\nBody.')).reason).toMatch(/front matter is not closed/);
  });

  it('invalid JSON with its position', () => {
    const e = rejectOne(fixture('invalid.json'));
    expect(e.path).toBe('invalid.json');
    expect(e.reason).toMatch(/^invalid JSON at line 3, column \d+/);
  });

  it('an impossible date names the field', () => {
    const e = rejectOne(fixture('impossible-date.md'));
    expect(e.reason).toMatch(/^front matter: date: not a valid date: "2025-02-30"/);
    expect(rejectOne(source('y.md', '---\ndate: yesterday\n---\nx')).reason).toMatch(/date: not a valid date: "yesterday"/);
  });

  it('an impossible HTML date names its source', () => {
    const html = '<html><head><title>T</title><meta property="article:published_time" content="2026-02-30"></head><body><p>x</p></body></html>';
    expect(rejectOne(source('p.html', html)).reason).toBe('date (article:published_time): not a valid date: "2026-02-30"');
  });

  it('an empty body', () => {
    expect(rejectOne(fixture('empty-body.md')).reason).toMatch(/^empty body/);
    expect(rejectOne(source('e.txt', '  \n\n \t\n')).reason).toMatch(/^empty body/);
    expect(rejectOne(source('e.html', '<html><body><script>alert(1)</script></body></html>')).reason).toMatch(/^empty body/);
  });

  it('invalid UTF-8 (a UTF-16 file)', () => {
    const e = rejectOne(fixture('utf16.txt'));
    expect(e.reason).toMatch(/UTF-8|NUL/);
    expect(rejectOne({ path: 'latin1.txt', bytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9]) }).reason).toBe('not valid UTF-8 text');
  });

  it('NUL bytes', () => {
    expect(rejectOne({ path: 'bin.txt', bytes: new Uint8Array([0x61, 0x00, 0x62]) }).reason).toMatch(/NUL/);
  });

  it('a file over maxBytes', () => {
    const e = rejectOne(source('big.txt', 'x'.repeat(2000)), 1000);
    expect(e.reason).toBe('file is 2000 bytes, over the limit of 1000 bytes');
  });

  it('a title that cannot be derived', () => {
    expect(rejectOne(source('dots.txt', '... --- !!!')).reason).toMatch(/^no title/);
  });

  // A bad link costs the link, not the article: see test/articles/links.test.ts.
  it('a url that is not absolute http(s) is dropped with a warning', () => {
    const r = loadArticles([source('u.md', '---\nurl: /relative/page.html\n---\nx')], makeContext());
    expect(r.articles[0]?.url).toBeUndefined();
    expect(r.warnings).toEqual([
      { path: 'u.md', reason: 'url: dropped "/relative/page.html" (only absolute http(s) links are published)' },
    ]);
  });

  it('an image URL that cannot be resolved is dropped with a warning', () => {
    const r = loadArticles([source('i.md', '---\nimage: "http://"\n---\nx')], makeContext());
    expect(r.articles[0]?.image).toBeUndefined();
    expect(r.warnings).toEqual([{ path: 'i.md', reason: 'image: dropped "http://" (only http(s) links are published)' }]);
  });
});
