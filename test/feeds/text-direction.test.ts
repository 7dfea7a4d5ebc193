import { describe, expect, it } from 'vitest';
import { textDirection } from '../../src/articles/index.js';
import { type SiteInfo, renderSite } from '../../src/feeds/index.js';
import { entryLanguageAttributes, renderPage } from '../../src/feeds/page-layout.js';
import { makeItem } from '../support/make-feed-item.js';

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

describe('a listed entry in another language than the site', () => {
  const site: SiteInfo = { title: 'Example News', description: 'News', language: 'en', baseUrl: 'https://news.example/', feedSize: 4, archivePageSize: 3, stylesheet: true };
  const listing = (lang: string): string => {
    const item = makeItem({
      title: 'عنوان الخبر',
      summary: 'ملخص الخبر.',
      lang,
      published: '2026-03-01T09:30:00.000Z',
      categories: ['World'],
    });
    const index = renderSite(site, [{ slug: 'first-post', item }]).find((o) => o.key === 'index.html');
    return String(index?.body);
  };

  it('marks its title and summary with its language and direction, not the site\'s date and categories', () => {
    const html = listing('ar');
    const entry = /<li[^>]*><a href="https:\/\/news\.example\/articles\/first-post\.html"[^]*?<\/li>/.exec(html)?.[0] ?? '';
    // The item itself is the site's: its date ("1 March 2026") and categories are in the page's language.
    expect(entry.startsWith('<li><a ')).toBe(true);
    expect(entry).toContain('<a href="https://news.example/articles/first-post.html" lang="ar" dir="rtl"><strong>عنوان الخبر</strong></a>');
    expect(entry).toContain('<div class="meta"><time datetime="2026-03-01T09:30:00.000Z">1 March 2026</time> · World</div>');
    expect(entry).toContain('<p lang="ar" dir="rtl">ملخص الخبر.</p></li>');
  });

  it('has no attributes in the site\'s language', () => {
    const html = listing('en');
    expect(html).toContain('<li><a href="https://news.example/articles/first-post.html"><strong>');
    expect(html).toContain('<p>ملخص الخبر.</p></li>');
  });
});
