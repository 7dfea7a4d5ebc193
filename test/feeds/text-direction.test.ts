import { describe, expect, it } from 'vitest';
import { textDirection } from '../../src/articles/index.js';
import { entryLanguageAttributes, renderPage } from '../../src/feeds/page-layout.js';

describe('right-to-left pages and entries', () => {
  it('finds the direction from the script subtag, else the language', () => {
    for (const tag of ['ar', 'he', 'fa-IR', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb', 'az-Arab', 'pa-Arab-PK']) expect(textDirection(tag), tag).toBe('rtl');
    for (const tag of ['en', 'fr-CA', 'zh-Hant', 'ug-Latn', 'ru']) expect(textDirection(tag), tag).toBe('ltr');
  });

  it('declares dir="rtl" on a page in a right-to-left language only', () => {
    const page = (lang: string): string => renderPage({ lang, title: 't', alternates: [], body: '' });
    expect(page('ar')).toContain('<html lang="ar" dir="rtl">');
    expect(page('he-IL')).toContain('<html lang="he-IL" dir="rtl">');
    expect(page('en')).toContain('<html lang="en">');
  });

  it('marks a listed entry whose language differs from the page\'s, with dir when the direction differs', () => {
    expect(entryLanguageAttributes('ar', 'en')).toBe(' lang="ar" dir="rtl"');
    expect(entryLanguageAttributes('en', 'ar')).toBe(' lang="en" dir="ltr"');
    expect(entryLanguageAttributes('fr', 'en')).toBe(' lang="fr"');
    expect(entryLanguageAttributes('en', 'en')).toBe('');
    expect(entryLanguageAttributes(undefined, 'en')).toBe('');
  });
});
