import { describe, expect, it } from 'vitest';
import { deriveArticles, loadArticles, parseArticleDate, processSource, type SourceFile } from '../../src/articles/index.js';
import { MAX_SUMMARY, MAX_TITLE } from '../../src/articles/limits.js';
import { NOW, makeContext, source } from './helpers.js';

describe('dates: years are literal and must be plausible', () => {
  it('parses year 0001 as year 1, not 1901', () => {
    expect(parseArticleDate('0001-01-01')).toBe('0001-01-01T00:00:00.000Z');
    expect(parseArticleDate('0099-12-31T10:00:00Z')).toBe('0099-12-31T10:00:00.000Z');
    // Year 4 is a leap year, unlike 1904's stand-in 1900 would suggest for year 0.
    expect(parseArticleDate('0004-02-29')).toBe('0004-02-29T00:00:00.000Z');
    expect(parseArticleDate('0000-02-29')).toBe('0000-02-29T00:00:00.000Z');
  });

  it('rejects a date before 1970, naming the field', () => {
    const r = loadArticles([source('old.md', '---\ndate: 0001-01-01\n---\nBody.'), source('ok.md', 'Fine.')], makeContext());
    expect(r.articles.map((a) => a.sourcePath)).toEqual(['ok.md']);
    expect(r.rejected.map((e) => [e.path, e.reason])).toEqual([['old.md', 'date: 0001-01-01T00:00:00.000Z is before 1970-01-01']]);
  });

  it('rejects an updated date more than a year after now, naming the field', () => {
    const r = loadArticles([source('f.md', '---\ndate: 2026-04-01\nupdated: 2027-05-02\n---\nBody.')], makeContext());
    expect(r.articles).toEqual([]);
    expect(r.rejected[0]?.reason).toBe(`updated: 2027-05-02T00:00:00.000Z is more than a year after the run's date (${NOW.toISOString()})`);
  });

  it('accepts 1970-01-01 and a post scheduled within the year', () => {
    const r = loadArticles(
      [source('a.md', '---\ndate: 1970-01-01\n---\nA.'), source('b.md', '---\ndate: 2027-04-30\n---\nB.')],
      makeContext(),
    );
    expect(r.rejected).toEqual([]);
    expect(r.articles.map((a) => a.published).sort()).toEqual(['1970-01-01T00:00:00.000Z', '2027-04-30T00:00:00.000Z']);
  });

  it('rejects an HTML page dated in year 99', () => {
    const r = loadArticles([source('p.html', '<meta property="article:published_time" content="0099-05-01"><p>Text.</p>')], makeContext());
    expect(r.rejected.map((e) => e.reason)).toEqual(['date: 0099-05-01T00:00:00.000Z is before 1970-01-01']);
  });
});

describe('sizes', () => {
  it('caps a 1 MB title at 300 characters, cut at a word with …', () => {
    const title = 'word '.repeat(200_000).trim();
    const r = loadArticles([source('t.json', JSON.stringify({ title, content_text: 'Body.' }))], makeContext());
    const got = r.articles[0]?.title ?? '';
    expect(got.length).toBeLessThanOrEqual(MAX_TITLE);
    expect(got.length).toBeGreaterThan(MAX_TITLE - 10);
    expect(got).toMatch(/^(?:word )+word…$/);
  });

  it('caps a one-word giant title without splitting a surrogate pair', () => {
    const r = loadArticles([source('t.md', `---\ntitle: "${'😀'.repeat(1000)}"\n---\nBody.`)], makeContext());
    const got = r.articles[0]?.title ?? '';
    expect(got.length).toBeLessThanOrEqual(MAX_TITLE);
    expect(got.endsWith('…')).toBe(true);
    // No lone surrogate: the cut falls between two emoji.
    expect(got).toMatch(/^(?:\u{1F600})+…$/u);
  });

  it('caps a derived title from a huge first line and a front-matter summary', () => {
    const summary = 'sum '.repeat(100_000).trim();
    const r = loadArticles([source('s.md', `---\nsummary: "${summary}"\n---\n${'x'.repeat(1_000_000)}`)], makeContext());
    const a = r.articles[0];
    expect(a?.summary?.length).toBeLessThanOrEqual(MAX_SUMMARY);
    expect(a?.summary?.endsWith('sum…')).toBe(true);
    expect(a?.title.length).toBeLessThanOrEqual(MAX_TITLE);
  });

  it('leaves a short title alone', () => {
    const r = loadArticles([source('t.md', '---\ntitle: Short and sweet\n---\nBody.')], makeContext());
    expect(r.articles[0]?.title).toBe('Short and sweet');
  });
});

describe('duplicate ids: the smallest key wins, whatever the order', () => {
  const sources: SourceFile[] = [
    source('c.md', '---\nid: same\n---\nThree.'),
    source('a.md', '---\nid: same\n---\nOne.'),
    source('b.json', JSON.stringify([{ id: 'same', content_text: 'Two.' }, { id: 'other', content_text: 'Four.' }])),
  ];
  const expected = [
    // An array element is named by its position, as every other message about it.
    ['b.json#0', 'duplicate id "same" (also used by a.md, which is published)'],
    ['c.md', 'duplicate id "same" (also used by a.md, which is published)'],
  ];

  it('publishes the same article for every order of the sources', () => {
    const orders = [sources, [...sources].reverse(), [sources[1], sources[2], sources[0]] as SourceFile[]];
    for (const order of orders) {
      const processed = order.map((s) => processSource(s, { siteUrl: 'https://feedwright.example/', maxBytes: 1e6 }));
      for (const r of [loadArticles(order, makeContext()), deriveArticles([...processed].reverse(), makeContext())]) {
        expect(r.articles.map((a) => [a.id, a.sourcePath]).sort()).toEqual([
          ['other', 'b.json'],
          ['same', 'a.md'],
        ]);
        expect(r.rejected.map((e) => [e.path, e.reason])).toEqual(expected);
        expect(r.displaced).toEqual([]);
      }
    }
  });

  it('lets a new claimant with a smaller key displace a reserved owner, and says so', () => {
    const reserved = { slugs: new Set<string>(), ids: new Map([['same', 'm.md']]) };
    const r = loadArticles([source('a.md', '---\nid: same\n---\nOne.')], makeContext({ reserved }));
    expect(r.articles.map((a) => a.sourcePath)).toEqual(['a.md']);
    expect(r.displaced).toEqual(['m.md']);
  });

  it('rejects a new claimant whose key sorts after the reserved owner, naming it', () => {
    const reserved = { slugs: new Set<string>(), ids: new Map([['same', 'm.md']]) };
    const r = loadArticles([source('z.md', '---\nid: same\n---\nOne.')], makeContext({ reserved }));
    expect(r.articles).toEqual([]);
    expect(r.rejected.map((e) => [e.path, e.reason])).toEqual([['z.md', 'duplicate id "same" (also used by m.md, which is published)']]);
    expect(r.displaced).toEqual([]);
  });

  it('re-running with the displaced source gives the same result as a full run', () => {
    const m = source('m.md', '---\nid: same\n---\nOld.');
    const a = source('a.md', '---\nid: same\n---\nNew.');
    const full = loadArticles([m, a], makeContext());
    expect(full.articles.map((x) => x.sourcePath)).toEqual(['a.md']);
    expect(full.rejected.map((e) => e.path)).toEqual(['m.md']);
  });
});

describe('text that looks like an error is ordinary text', () => {
  it('publishes `undefined`, "Invalid Date" and NaN as written', () => {
    const r = loadArticles(
      [source('u.md', '---\ntitle: Invalid Date\ncategories: [undefined, NaN]\n---\nThe value was `undefined` and the date said Invalid Date.')],
      makeContext(),
    );
    expect(r.rejected).toEqual([]);
    const a = r.articles[0];
    expect(a?.title).toBe('Invalid Date');
    expect(a?.categories).toEqual(['undefined', 'NaN']);
    expect(a?.contentHtml).toContain('<code>undefined</code>');
    expect(a?.contentText).toContain('Invalid Date');
  });
});

describe('category names', () => {
  it('drops a category longer than 100 characters with a warning, keeping the rest', () => {
    const long = 'c'.repeat(1_000_000);
    const r = loadArticles([source('c.json', JSON.stringify({ categories: ['Short', long], content_text: 'Body.' }))], makeContext());
    expect(r.articles[0]?.categories).toEqual(['Short']);
    expect(r.warnings).toEqual([{ path: 'c.json', reason: `categories: dropped "${'c'.repeat(60)}…" (longer than 100 characters)` }]);
  });

  it('files an article under its first 100 categories (equal names merged first), dropping the rest with one warning', () => {
    // 3,000 tags, with "Tag 0" repeated in other spellings: merged before counting, so 100 distinct ones stay.
    const tags = ['Tag 0', 'tag 0', 'TAG 0', ...Array.from({ length: 3000 }, (_, i) => `Tag ${i}`)];
    const r = loadArticles([source('many.md', `---\ntags: ${JSON.stringify(tags)}\n---\nBody.`), source('few.md', '---\ntags: [a, b]\n---\nBody.')], makeContext());
    const many = r.articles.find((a) => a.sourcePath === 'many.md');
    expect(many?.categories).toEqual(Array.from({ length: 100 }, (_, i) => `Tag ${i}`));
    expect(r.articles.find((a) => a.sourcePath === 'few.md')?.categories).toEqual(['a', 'b']);
    expect(r.warnings).toEqual([{ path: 'many.md', reason: 'categories: dropped 2900 after the first 100, from "Tag 100" on (at most 100 per article)' }]);
  });
});
