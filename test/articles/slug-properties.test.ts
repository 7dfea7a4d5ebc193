import { describe, expect, it } from 'vitest';
import { categorySlug, nameIdentity } from '../../src/articles/index.js';
import { safeHttpUrl } from '../../src/links/index.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Deterministic pseudo-random names (mulberry32), so a failure reproduces; no extra dependency.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const ALPHABET = [...'abcAB01 -_.\'&/+#@%*日本東京москваМ🎉é', 'e\u0301', '\u00a0', 'Ａ'];
function names(count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(next() * 6) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join(''),
  );
}

// Independent description of the plain names: after compatibility decomposition and dropping accents,
// only ASCII letters, digits and separator punctuation. Two plain names are one name when their words agree.
const folded = (name: string) => name.normalize('NFKD').replace(/\p{M}/gu, '');
const isPlain = (name: string) => /^[A-Za-z0-9\s\-_.,:;!?'"()/&’‘“”–—]*$/u.test(folded(name));
const words = (name: string) => folded(name).toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).join(' ');

describe('slug rule over many generated names', () => {
  const sample = [...new Set(names(3000, 42))];

  it('always gives a valid, bounded slug', () => {
    for (const name of sample) {
      const slug = categorySlug(name);
      expect(slug, JSON.stringify(name)).toMatch(SLUG);
      expect(slug.length).toBeLessThanOrEqual(80);
    }
  });

  it('gives one slug to two names only when they are the same name', () => {
    const bySlug = new Map<string, string>();
    for (const name of sample) {
      const slug = categorySlug(name);
      const other = bySlug.get(slug);
      bySlug.set(slug, name);
      if (other === undefined || nameIdentity(other) === nameIdentity(name)) continue;
      const pair = JSON.stringify([other, name]);
      expect(isPlain(other) && isPlain(name), pair).toBe(true);
      expect(words(other), pair).toBe(words(name));
    }
    // The sample really exercises both kinds.
    expect(sample.filter(isPlain).length).toBeGreaterThan(100);
    expect(sample.filter((n) => !isPlain(n)).length).toBeGreaterThan(100);
  });
});

describe('safeHttpUrl over generated input', () => {
  it('returns only http(s) URLs that parse back to themselves', () => {
    const next = random(7);
    const pieces = ['http', 'https', 'javascript', 'data', ':', '//', '\t', '\n', '\u0000', ' ', 'a', 'é', '/', '?', '#', '%', 'mailto'];
    for (let i = 0; i < 5000; i++) {
      const raw = Array.from({ length: 1 + Math.floor(next() * 8) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      const url = safeHttpUrl(raw, next() < 0.5 ? 'https://site.example/a/' : undefined);
      if (url === undefined) continue;
      expect(['http:', 'https:'], JSON.stringify(raw)).toContain(new URL(url).protocol);
      expect(new URL(url).href).toBe(url);
    }
  });
});
