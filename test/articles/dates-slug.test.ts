import { describe, expect, it } from 'vitest';
import { parseArticleDate, slugify } from '../../src/articles/index.js';
import { assignSlugs } from '../../src/articles/slug.js';

describe('parseArticleDate', () => {
  it('reads a plain date as midnight UTC', () => {
    expect(parseArticleDate('2026-03-09')).toBe('2026-03-09T00:00:00.000Z');
  });

  it('applies offsets and normalizes to UTC', () => {
    expect(parseArticleDate('2026-03-09T07:00:00+01:00')).toBe('2026-03-09T06:00:00.000Z');
    expect(parseArticleDate('2026-03-09T07:00:00-0530')).toBe('2026-03-09T12:30:00.000Z');
    expect(parseArticleDate('2026-03-09T07:00:00.25Z')).toBe('2026-03-09T07:00:00.250Z');
  });

  it('accepts 29 February only in leap years', () => {
    expect(parseArticleDate('2028-02-29')).toBe('2028-02-29T00:00:00.000Z');
    expect(parseArticleDate('2026-02-29')).toBeUndefined();
  });

  it('rejects impossible and vague dates', () => {
    for (const bad of ['2025-02-30', '2026-13-01', '2026-04-31', 'yesterday', '2026-01-01T24:00:00Z', '03/09/2026', '']) {
      expect(parseArticleDate(bad), bad).toBeUndefined();
    }
  });
});

describe('slugify', () => {
  // Apostrophes and `&` separate words, as category folders always did (their URLs must not move).
  it('transliterates accents; punctuation separates words', () => {
    expect(slugify('Ukraine’s Crème Brûlée & Smørrebrød')).toBe('ukraine-s-creme-brulee-smorrebrod');
    expect(slugify('Straße in Łódź')).toBe('strasse-in-lodz');
  });

  it('keeps at most 80 characters, cut at a dash', () => {
    const s = slugify('alpha beta gamma delta '.repeat(10));
    expect(s.length).toBeLessThanOrEqual(80);
    expect(s).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(s.endsWith('delta') || s.endsWith('gamma') || s.endsWith('beta') || s.endsWith('alpha')).toBe(true);
  });

  it('returns an empty slug for non-Latin text', () => {
    expect(slugify('東京')).toBe('');
  });
});

describe('assignSlugs', () => {
  it('resolves collisions in key order with -2, -3', () => {
    const got = assignSlugs([
      { key: 'c.md', wanted: 'news', sticky: false },
      { key: 'a.md', wanted: 'news', sticky: false },
      { key: 'b.md', wanted: 'news', sticky: false },
    ]);
    expect(Object.fromEntries(got)).toEqual({ 'a.md': 'news', 'b.md': 'news-2', 'c.md': 'news-3' });
  });

  it('lets a sticky (already published) slug win over a new article with an earlier key', () => {
    const got = assignSlugs([
      { key: 'a.md', wanted: 'news', sticky: false },
      { key: 'z.md', wanted: 'news', sticky: true },
    ]);
    expect(got.get('z.md')).toBe('news');
    expect(got.get('a.md')).toBe('news-2');
  });

  it('skips suffixes that are already real slugs', () => {
    const got = assignSlugs([
      { key: 'a', wanted: 'x', sticky: false },
      { key: 'b', wanted: 'x-2', sticky: true },
      { key: 'c', wanted: 'x', sticky: false },
    ]);
    expect(Object.fromEntries(got)).toEqual({ a: 'x', b: 'x-2', c: 'x-3' });
  });
});
