import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/articles/index.js';
import { makeContext, source } from './helpers.js';

// YAML double-quoted escapes put characters XML 1.0 cannot carry into the values.
const article = (frontMatter: string) => source('a.md', `---\n${frontMatter}\n---\nThe harbour cranes moved at dawn. Workers cheered.\n`);

describe('a value made only of characters XML 1.0 cannot carry', () => {
  it('is dropped with a warning naming the field, and the article is published as if it were absent', () => {
    const r = loadArticles(
      [article('title: "\\u0001"\nsummary: "\\u0001\\u0002"\nauthor: { name: "\\u0007" }\ncategories: ["\\u0001", "Ports"]')],
      makeContext({ defaultAuthor: { name: 'Desk' } }),
    );
    expect(r.rejected).toEqual([]);
    const [a] = r.articles;
    // Title from the text, the site's default author, the one real category, and no empty summary
    // (the publisher makes one from the text).
    expect(a?.title).toBe('The harbour cranes moved at dawn');
    expect(a?.summary).toBeUndefined();
    expect(a?.authors).toEqual([{ name: 'Desk' }]);
    expect(a?.categories).toEqual(['Ports']);
    expect(r.warnings.map((w) => w.reason.split(' ')[0]).sort()).toEqual(['author:', 'categories:', 'summary:', 'title:']);
    expect(r.warnings.every((w) => w.path === 'a.md')).toBe(true);
  });

  it('keeps the other authors when one name is unpublishable', () => {
    const r = loadArticles([article('title: T\nauthors: [{ name: "\\u0007" }, { name: "Ann" }]')], makeContext());
    expect(r.articles[0]?.authors).toEqual([{ name: 'Ann' }]);
    expect(r.warnings.map((w) => w.reason)).toEqual(['author: dropped a name (nothing left once the characters XML 1.0 cannot carry are removed)']);
  });
});

describe('C1 control characters (U+007F-U+009F)', () => {
  it('are removed from every text field, as XML 1.0 asks (feedparser would show them as Windows-1252 punctuation)', () => {
    const r = loadArticles([article('title: "Ports \u0093reopen\u0094\u0085"\nsummary: "Cranes\u0080 moved."\ncategories: ["Har\u009Fbour"]')], makeContext());
    const [a] = r.articles;
    expect([a?.title, a?.summary, a?.categories]).toEqual(['Ports reopen', 'Cranes moved.', ['Harbour']]);
  });
});

describe('an id with characters XML 1.0 cannot carry', () => {
  // Feeds drop those characters, so the duplicate check must compare what is left: `x\u0001y` is `xy`.
  it('is the id without them, so two ids that publish alike are one id and the second claimant is rejected', () => {
    const r = loadArticles(
      [
        source('a.md', '---\ntitle: Plain\nid: xy\ndate: 2026-03-01\n---\nFirst body.\n'),
        source('b.md', '---\ntitle: With control\nid: "x\\x01y"\ndate: 2026-03-02\n---\nSecond body.\n'),
        source('c.json', '{"title":"Lone half","id":"x\\ud800y","date":"2026-03-03","content":"Third body."}'),
        source('d.json', '{"title":"Non-character","id":"p\\uffffq","date":"2026-03-04","content":"Fourth body."}'),
      ],
      makeContext(),
    );
    expect(r.articles.map((a) => [a.sourcePath, a.id]).sort()).toEqual([
      ['a.md', 'xy'],
      ['d.json', 'pq'],
    ]);
    expect(r.rejected.map((x) => x.path).sort()).toEqual(['b.md', 'c.json']);
    expect(r.rejected.every((x) => x.reason.includes('"xy"'))).toBe(true);
  });

  it('made only of them is dropped with a warning, and the article keeps the id it would have without one', () => {
    const r = loadArticles([article('title: T\nid: "\\u0001\\u0002"')], makeContext());
    expect(r.rejected).toEqual([]);
    expect(r.articles[0]?.id).toBe(loadArticles([article('title: T')], makeContext()).articles[0]?.id);
    expect(r.warnings.map((w) => w.reason)).toEqual([
      'id: nothing left once the characters XML 1.0 cannot carry are removed; the article keeps the id it would have without one',
    ]);
  });
});

describe('a title made only of invisible characters', () => {
  it('is replaced by one made from the text, with a warning', () => {
    for (const title of ['"\\u200b"', '"\\u202e\\u200f\\u200b"', '"\\u2060 \\u00a0"']) {
      const r = loadArticles([article(`title: ${title}`)], makeContext());
      expect(r.articles[0]?.title).toBe('The harbour cranes moved at dawn');
      expect(r.warnings.map((w) => w.reason)).toEqual(['title: nothing visible (only format characters such as zero-width spaces); a title is made from the text']);
    }
    // A visible title with a zero-width joiner in it is kept as written.
    expect(loadArticles([article('title: "Ports\\u200d reopen"')], makeContext()).articles[0]?.title).toBe('Ports\u200d reopen');
  });
});
