import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { loadArticles, processSource, type ArticleRecord } from '../../src/articles/index.js';
import { makeContext, source } from './helpers.js';

const first = new Date('2026-01-10T09:00:00.000Z');
const later = new Date('2026-02-20T18:30:00.000Z');

describe('ids', () => {
  it('builds a tag: URI with a fixed date from the site host and the path', () => {
    const r = loadArticles([source('posts/Café notes.md', 'Body.')], makeContext());
    expect(r.articles[0]?.id).toBe('tag:feedwright.example,2026:posts/Caf%C3%A9%20notes.md');
  });

  it('is stable across runs with different clocks, and survives content edits', () => {
    const one = loadArticles([source('a.md', 'Version one.')], makeContext({ now: first }));
    const two = loadArticles([source('a.md', 'Version two, edited.')], makeContext({ now: later, known: one.records }));
    const fresh = loadArticles([source('a.md', 'Version two, edited.')], makeContext({ now: later }));
    expect(two.articles[0]?.id).toBe(one.articles[0]?.id);
    expect(fresh.articles[0]?.id).toBe(one.articles[0]?.id);
  });

  it('keeps a remembered id when the site URL changes', () => {
    const one = loadArticles([source('a.md', 'Body.')], makeContext());
    const moved = loadArticles(
      [source('a.md', 'Body.')],
      makeContext({ siteUrl: 'https://new.example/', known: one.records }),
    );
    expect(moved.articles[0]?.id).toBe('tag:feedwright.example,2026:a.md');
  });

  it('rejects a second article with the same id', () => {
    const r = loadArticles(
      [source('a.md', '---\nid: same\n---\nOne.'), source('b.md', '---\nid: same\n---\nTwo.')],
      makeContext(),
    );
    expect(r.articles).toHaveLength(1);
    expect(r.rejected.map((e) => [e.path, e.reason])).toEqual([['b.md', 'duplicate id "same" (also used by a.md, which is published)']]);
  });

  it('tells ids apart by what readers see: a bare id and the tag: URI it is published as are one id', () => {
    // `x.md` is published as tag:feedwright.example,2026:id/x.md, which is also the id a file at id/x.md gets.
    const byFrontMatter = loadArticles([source('b.md', '---\nid: x.md\n---\nTwo.'), source('c.md', '---\nid: tag:feedwright.example,2026:id/x.md\n---\nThree.')], makeContext());
    expect(byFrontMatter.articles.map((a) => a.sourcePath)).toEqual(['b.md']);
    expect(byFrontMatter.rejected.map((e) => [e.path, e.reason])).toEqual([
      ['c.md', 'duplicate id "tag:feedwright.example,2026:id/x.md" (published as "tag:feedwright.example,2026:id/x.md") (also used by b.md, which is published)'],
    ]);
    // A path-made id gives way to a front-matter id that publishes as it: both articles stay, with two ids.
    const byPath = loadArticles([source('b.md', '---\nid: x.md\n---\nTwo.'), source('id/x.md', 'One.')], makeContext());
    expect(byPath.rejected).toEqual([]);
    expect(byPath.articles.map((a) => [a.sourcePath, a.id]).sort()).toEqual([
      ['b.md', 'x.md'],
      ['id/x.md', 'tag:feedwright.example,2026:id/x.md;2'],
    ]);
  });

  it('gives a new file the next free id when an article that moved away from its path kept the path-made id', () => {
    const one = loadArticles([source('post.md', 'Original story.')], makeContext({ now: first }));
    // post.md was renamed to renamed.md and kept its id (the publisher passes the inherited record), then a
    // different post.md appeared.
    const known = { 'renamed.md': one.records['post.md'] as ArticleRecord };
    const two = loadArticles([source('renamed.md', 'Original story.'), source('post.md', 'A different story.')], makeContext({ now: later, known }));
    expect(two.rejected).toEqual([]);
    expect(Object.fromEntries(two.articles.map((a) => [a.sourcePath, a.id]))).toEqual({
      'renamed.md': 'tag:feedwright.example,2026:post.md',
      'post.md': 'tag:feedwright.example,2026:post.md;2',
    });
  });

  it('gives every element of a JSON array in a file with # in its name an id of its own', () => {
    const r = loadArticles([source('notes #1.json', JSON.stringify([{ title: 'One', content: 'First.' }, { title: 'Two', content: 'Second.' }]))], makeContext());
    expect(r.rejected).toEqual([]);
    expect(r.articles.map((a) => a.id).sort()).toEqual(['tag:feedwright.example,2026:notes%20%231.json#0', 'tag:feedwright.example,2026:notes%20%231.json#1']);
  });
});

describe('published and updated', () => {
  it('uses the clock as firstSeen for a new undated article, then keeps it', () => {
    const one = loadArticles([source('a.txt', 'Plain text body.')], makeContext({ now: first }));
    expect(one.articles[0]?.published).toBe('2026-01-10T09:00:00.000Z');
    expect(one.articles[0]?.updated).toBe('2026-01-10T09:00:00.000Z');
    expect(one.records['a.txt']?.firstSeen).toBe('2026-01-10T09:00:00.000Z');

    const two = loadArticles([source('a.txt', 'Plain text body.')], makeContext({ now: later, known: one.records }));
    expect(two.articles[0]?.published).toBe('2026-01-10T09:00:00.000Z');
    expect(two.articles[0]?.updated).toBe('2026-01-10T09:00:00.000Z');
    expect(two.records).toEqual(one.records);
  });

  it('moves updated to the clock only when the content changes', () => {
    const one = loadArticles([source('a.md', '---\ndate: 2026-01-01\n---\nOld text.')], makeContext({ now: first }));
    expect(one.articles[0]?.updated).toBe('2026-01-01T00:00:00.000Z');
    const same = loadArticles([source('a.md', '---\ndate: 2026-01-01\n---\nOld text.')], makeContext({ now: later, known: one.records }));
    expect(same.articles[0]?.updated).toBe('2026-01-01T00:00:00.000Z');
    const edited = loadArticles([source('a.md', '---\ndate: 2026-01-01\n---\nNew text.')], makeContext({ now: later, known: one.records }));
    expect(edited.articles[0]?.updated).toBe('2026-02-20T18:30:00.000Z');
    expect(edited.articles[0]?.published).toBe('2026-01-01T00:00:00.000Z');
    expect(edited.records['a.md']?.contentHash).not.toBe(one.records['a.md']?.contentHash);
    // A third run without further edits keeps the edit time.
    const again = loadArticles([source('a.md', '---\ndate: 2026-01-01\n---\nNew text.')], makeContext({ now: new Date('2026-03-01T00:00:00Z'), known: edited.records }));
    expect(again.articles[0]?.updated).toBe('2026-02-20T18:30:00.000Z');
  });

  it('does not count a source edit that changes nothing readers are shown as an edit', () => {
    const original = '---\ntitle: Harbour news\ndate: 2026-01-01T00:00:00Z\ncategories: [ports, weather]\n---\n\nThe quay opened.\n\nShips came.\n';
    const one = loadArticles([source('a.md', original)], makeContext({ now: first }));
    const unseen = [
      // Keys reordered, a YAML comment, a quoted title, the date with +00:00, a block list, blank lines.
      '---\ndate: 2026-01-01T00:00:00+00:00\n# a note to self\ntitle: "Harbour news"\ncategories:\n  - ports\n  - weather\n---\n\n\nThe quay opened.\n\n\n\nShips came.\n',
    ];
    for (const text of unseen) {
      const next = loadArticles([source('a.md', text)], makeContext({ now: later, known: one.records }));
      expect(next.records['a.md']?.contentHash).not.toBe(one.records['a.md']?.contentHash);
      expect(next.articles[0]?.updated).toBe(one.articles[0]?.updated);
    }
    // What readers see changes: each of these is an edit.
    for (const text of [original.replace('Ships came.', 'Ships left.'), original.replace('weather', 'storms'), original.replace('Harbour news', 'Harbour update')]) {
      const next = loadArticles([source('a.md', text)], makeContext({ now: later, known: one.records }));
      expect(next.articles[0]?.updated).toBe(later.toISOString());
    }
  });

  it('does not count an edit to an HTML page outside what is published as an edit', () => {
    const page = (head: string, nav: string) => `<html><head><title>Quay</title>${head}</head><body><nav>${nav}</nav><article><h1>Quay</h1><p>The quay opened.</p></article></body></html>`;
    const one = loadArticles([source('a.html', page('', 'Home'))], makeContext({ now: first }));
    const next = loadArticles([source('a.html', page('<!-- build 2 -->', 'Home | News'))], makeContext({ now: later, known: one.records }));
    expect(next.articles[0]?.updated).toBe(one.articles[0]?.updated);
  });

  it('does not count rewrapped lines or reindented HTML as an edit, but does count spacing in code', () => {
    const story = (body: string) => `---\ntitle: Quay\ndate: 2026-01-01\n---\n${body}`;
    const wrapped = story('Some *markdown* body that is long enough\nto wrap. Another sentence.\n\n    let  x = 1;\n');
    const one = loadArticles([source('a.md', wrapped)], makeContext({ now: first }));
    const rewrapped = story('Some *markdown*\nbody that is long enough to\n   wrap.   Another sentence.\n\n    let  x = 1;\n');
    const two = loadArticles([source('a.md', rewrapped)], makeContext({ now: later, known: one.records }));
    expect(two.articles[0]?.contentHtml).not.toBe(one.articles[0]?.contentHtml);
    expect(two.articles[0]?.updated).toBe(one.articles[0]?.updated);
    // Whitespace in a code block is shown as written: changing it is an edit.
    const code = loadArticles([source('a.md', wrapped.replace('let  x', 'let x'))], makeContext({ now: later, known: one.records }));
    expect(code.articles[0]?.updated).toBe(later.toISOString());
    // Words run together are an edit too: only a run of whitespace counts as one space.
    const joined = loadArticles([source('a.md', wrapped.replace('enough\nto', 'enoughto'))], makeContext({ now: later, known: one.records }));
    expect(joined.articles[0]?.updated).toBe(later.toISOString());

    const page = (article: string) => `<html><body><article>${article}</article></body></html>`;
    const html = loadArticles([source('b.html', page('<h1>Quay</h1><p>The quay <em>opened</em> today.</p><pre>a  b</pre>'))], makeContext({ now: first }));
    const indented = page('\n  <h1>Quay</h1>\n  <p>The quay\n    <em>opened</em>\n    today.</p><pre>a  b</pre>\n');
    const again = loadArticles([source('b.html', indented)], makeContext({ now: later, known: html.records }));
    expect(again.articles[0]?.contentHtml).not.toBe(html.articles[0]?.contentHtml);
    expect(again.articles[0]?.updated).toBe(html.articles[0]?.updated);
    const pre = loadArticles([source('b.html', indented.replace('a  b', 'a\n b'))], makeContext({ now: later, known: html.records }));
    expect(pre.articles[0]?.updated).toBe(later.toISOString());
  });

  it('keeps the dates of records whose print counted whitespace (written before it was folded)', () => {
    const text = '---\ntitle: Quay\ndate: 2026-01-01\n---\nThe quay opened\non Monday. Ships came.\n';
    const one = loadArticles([source('a.md', text)], makeContext({ now: first }));
    // The print those records hold: the shown fields' JSON, a newline, then the body as sanitized.
    const [processed] = processSource(source('a.md', text), { siteUrl: 'https://feedwright.example/', maxBytes: 1 << 20 }).articles;
    if (processed === undefined) throw new Error('not processed');
    const { warnings: _w, ...shown } = processed.meta;
    const fields = JSON.stringify([shown, processed.title, null, null]);
    const oldPrint = createHash('sha256').update(fields).update('\n').update(processed.contentHtml).digest('hex').slice(0, 24);
    expect(processed.contentHtml).toBe('<p>The quay opened\non Monday. Ships came.</p>');
    const recorded = { ...one.records, 'a.md': { ...(one.records['a.md'] as ArticleRecord), print: oldPrint } };
    // The first run after the upgrade sees a source edit readers cannot see (a comment): no edit.
    const upgraded = loadArticles([source('a.md', text.replace('title: Quay', '# a note\ntitle: Quay'))], makeContext({ now: later, known: recorded }));
    expect(upgraded.articles[0]?.updated).toBe(one.articles[0]?.updated);
    expect(upgraded.records['a.md']?.print).toBe(one.records['a.md']?.print);
    // ...and an edit readers see is still one.
    const edited = loadArticles([source('a.md', text.replace('Ships came.', 'Ships left.'))], makeContext({ now: later, known: recorded }));
    expect(edited.articles[0]?.updated).toBe(later.toISOString());
  });

  it('does not count line-ending changes as an edit', () => {
    const one = loadArticles([source('a.txt', 'Line one.\nLine two.\n')], makeContext({ now: first }));
    const crlf = loadArticles([source('a.txt', 'Line one.\r\nLine two.\r\n')], makeContext({ now: later, known: one.records }));
    expect(crlf.articles[0]?.updated).toBe(one.articles[0]?.updated);
  });

  it('prefers the front-matter updated date and rejects one before the publication date', () => {
    const ok = loadArticles([source('a.md', '---\ndate: 2026-01-01\nupdated: 2026-01-05T10:00:00Z\n---\nx')], makeContext());
    expect(ok.articles[0]?.updated).toBe('2026-01-05T10:00:00.000Z');
    const bad = loadArticles([source('a.md', '---\ndate: 2026-01-05\nupdated: 2026-01-01\n---\nx')], makeContext());
    expect(bad.rejected[0]?.reason).toMatch(/^updated: .* is before the publication date/);
  });
});

describe('slugs', () => {
  it('resolves title collisions deterministically by key, whatever the input order', () => {
    const files = [source('c.md', '# Same title\n\nc'), source('a.md', '# Same title\n\na'), source('b.md', '# Same title\n\nb')];
    const r1 = loadArticles(files, makeContext());
    const r2 = loadArticles([...files].reverse(), makeContext());
    const slugs = (r: typeof r1): Record<string, string> =>
      Object.fromEntries(Object.entries(r.records).map(([k, v]) => [k, v.slug]));
    expect(slugs(r1)).toEqual({ 'a.md': 'same-title', 'b.md': 'same-title-2', 'c.md': 'same-title-3' });
    expect(slugs(r2)).toEqual(slugs(r1));
  });

  it('keeps a published slug when the title changes, and when a new article claims it', () => {
    const one = loadArticles([source('z.md', '# Launch day\n\nBody.')], makeContext());
    expect(one.records['z.md']?.slug).toBe('launch-day');
    const two = loadArticles(
      [source('z.md', '# Launch day, revised\n\nBody.'), source('a.md', '# Launch day\n\nOther.')],
      makeContext({ known: one.records }),
    );
    expect(two.records['z.md']?.slug).toBe('launch-day');
    expect(two.records['a.md']?.slug).toBe('launch-day-2');
  });

  it('falls back to the file name when the title has no Latin letters', () => {
    const r = loadArticles([source('posts/tokyo-trip.md', '---\ntitle: 東京\n---\nBody.')], makeContext());
    expect(r.articles[0]?.slug).toBe('tokyo-trip');
  });

  it('records every published article for the next run', () => {
    const known: Record<string, ArticleRecord> = {
      'gone.md': { id: 'x', firstSeen: first.toISOString(), contentHash: 'h', updated: first.toISOString(), slug: 'gone' },
    };
    const r = loadArticles([source('a.md', 'Body.')], makeContext({ known }));
    expect(Object.keys(r.records)).toEqual(['a.md']);
  });
});
