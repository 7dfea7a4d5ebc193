import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { categorySlug, loadArticles, nameSlug } from '../../src/articles/index.js';
import { categorySlug as feedsCategorySlug } from '../../src/feeds/index.js';
import { makeContext, source } from './helpers.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Computed independently of the module: the first 12 hex digits of SHA-256 over the identity.
const hex12 = (identity: string): string => createHash('sha256').update(identity, 'utf8').digest('hex').slice(0, 12);

describe('categorySlug: one rule, never shared', () => {
  it('keeps the folders plain ASCII names always had', () => {
    expect(categorySlug('World News')).toBe('world-news');
    expect(categorySlug("Ukraine's war")).toBe('ukraine-s-war');
    expect(categorySlug('Science & Tech')).toBe('science-tech');
    expect(categorySlug('Node.js')).toBe('node-js');
    expect(categorySlug('Café')).toBe('cafe');
  });

  it('treats names differing only in case, accents, spacing or separators as one', () => {
    expect(categorySlug('world  NEWS')).toBe('world-news');
    expect(categorySlug('Ukraine’s War')).toBe('ukraine-s-war');
    expect(categorySlug('cafe')).toBe(categorySlug('Café'));
  });

  it('gives C++, C# and C three different folders', () => {
    expect(categorySlug('C++')).toBe(`c-${hex12('c++')}`);
    expect(categorySlug('C#')).toBe(`c-${hex12('c#')}`);
    expect(categorySlug('C')).toBe('c');
    expect(new Set([categorySlug('C++'), categorySlug('C#'), categorySlug('C')]).size).toBe(3);
  });

  it('hashes names without a transliteration, distinctly and stably', () => {
    expect(categorySlug('日本')).toBe(hex12('日本'));
    expect(categorySlug('東京')).toBe(hex12('東京'));
    expect(categorySlug('日本')).not.toBe(categorySlug('東京'));
    const names = ['日本', '東京', 'القاهرة', 'Москва', 'Київ', '🎉', '🎉🎉', '..', '/', '.', '-', ''];
    const slugs = names.map(categorySlug);
    expect(new Set(slugs).size).toBe(names.length);
    for (const slug of slugs) expect(slug).toMatch(SLUG);
    expect(slugs).not.toContain('category');
  });

  it('uses NFKC: compatibility forms and case do not make a new name', () => {
    // Fullwidth "ＡＩ" is "AI"; plain, so readable.
    expect(categorySlug('ＡＩ')).toBe('ai');
    expect(categorySlug('日本 ')).toBe(categorySlug('日本'));
    expect(categorySlug('Σ+')).toBe(categorySlug('σ+'));
  });

  it('hashes a plain name that would look like a hashed one, so the two kinds never meet', () => {
    const lookalike = `c ${hex12('c++')}`;
    expect(categorySlug(lookalike)).not.toBe(categorySlug('C++'));
    expect(categorySlug(lookalike)).toMatch(SLUG);
  });

  it('keeps long names apart: no truncation merges them', () => {
    const a = `${'word '.repeat(30)}one`;
    const b = `${'word '.repeat(30)}two`;
    expect(categorySlug(a)).not.toBe(categorySlug(b));
    expect(categorySlug(a).length).toBeLessThanOrEqual(80);
  });

  it('is the function the feeds use', () => {
    expect(feedsCategorySlug).toBe(categorySlug);
    expect(nameSlug('C#')).toBe(categorySlug('C#'));
  });
});

describe('article categories and slugs', () => {
  it('lists a category once per article when two spellings are the same name', () => {
    const r = loadArticles([source('a.md', '---\ncategories: [World News, world-news, 日本, 東京, "日本"]\n---\nBody.')], makeContext());
    expect(r.articles[0]?.categories).toEqual(['World News', '日本', '東京']);
  });

  it('keeps C++ and C# as two categories', () => {
    const r = loadArticles([source('a.md', '---\ncategories: [C++, C#]\n---\nBody.')], makeContext());
    expect(r.articles[0]?.categories).toEqual(['C++', 'C#']);
  });

  it('gives an untransliterable title in an untransliterable file a hash, not "article"', () => {
    const r = loadArticles([source('日本.md', '# 日本\n\n本文。')], makeContext());
    expect(r.articles[0]?.slug).toBe(hex12('日本'));
  });

  it('still prefers the file name when the title has no Latin letters', () => {
    const r = loadArticles([source('tokyo.md', '# 東京\n\n本文。')], makeContext());
    expect(r.articles[0]?.slug).toBe('tokyo');
  });

  it('gives a front-matter slug or permalink with no readable part the hash rule instead of rejecting the article', () => {
    const r = loadArticles(
      [
        source('ru.md', '---\ntitle: Новости дня\nslug: новости\n---\nТекст.'),
        source('ja.md', '---\ntitle: Nihongo\npermalink: /2026/01/日本語/\n---\nBody.'),
        source('blank.md', '---\ntitle: Blank\nslug: "  "\n---\nBody.'),
      ],
      makeContext(),
    );
    // A blank slug is no slug (a field left empty is absent): the title's.
    expect(Object.fromEntries(r.articles.map((a) => [a.sourcePath, a.slug]))).toEqual({ 'ru.md': hex12('новости'), 'ja.md': hex12('日本語'), 'blank.md': 'blank' });
    expect(r.rejected).toEqual([]);
  });

  it('keeps a recorded slug (existing URLs do not move)', () => {
    const first = loadArticles([source('a.md', "# Ukraine's war\n\nBody.")], makeContext());
    const known = { 'a.md': { ...(first.records['a.md'] as NonNullable<(typeof first.records)['a.md']>), slug: 'ukraines-war' } };
    const again = loadArticles([source('a.md', "# Ukraine's war\n\nBody.")], makeContext({ known }));
    expect(again.articles[0]?.slug).toBe('ukraines-war');
  });
});
