import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { releaseContent, withoutContent } from '../../src/feeds/check-feed.js';
import { type FeedItem, type SiteArticle, type SiteInfo, forgetCheckedItems, renderFeeds, renderSite } from '../../src/feeds/index.js';
import { dailyArticles, makeChannel, makeItem } from '../support/make-feed-item.js';

// The feed writers cache each item's check and serialized text, shared by every document that shows it
// (an archive's content-free copy included). These tests read the documents back with an XML parser and
// compare every item with the article it came from, so a cached text handed to the wrong item, or a
// content-free text served where content belongs (or the reverse), fails.

const BASE = 'https://news.example/';
const CATEGORIES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon'];

/** Story n is in 2 to 4 of five categories: every item is in the site feed and several category feeds. */
function articles(count: number): SiteArticle[] {
  return dailyArticles(BASE, count, (n) => ({
    summary: `Summary of story ${n} & more.`,
    contentHtml: `<p>Body of story ${n}.</p>`,
    categories: CATEGORIES.filter((_, i) => (n + i) % 5 < 2 + (n % 3)),
  }));
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'category'].includes(name) });

interface RssItem {
  title: string;
  guid: { '#text': string };
  description: string;
  'content:encoded'?: string;
  category?: string[];
}

function rssItems(body: string): RssItem[] {
  return (xml.parse(body) as { rss: { channel: { item?: RssItem[] } } }).rss.channel.item ?? [];
}

function storyOf(title: string): number {
  return Number(title.slice('Story '.length));
}

/** Every RSS document's items against their articles: title, summary, categories, content where shown. */
function checkRssDocuments(out: Map<string, string>, site: SiteInfo, byStory: Map<number, FeedItem>): number {
  let checked = 0;
  for (const [key, body] of out) {
    if (!key.endsWith('feed.xml')) continue;
    const archive = /(^|\/)archive\/\d+\//.test(key);
    const category = key.startsWith('categories/');
    const mode = category ? site.content?.categories : site.content?.site;
    for (const item of rssItems(body)) {
      const n = storyOf(item.title);
      const article = byStory.get(n) as FeedItem;
      expect(item.guid['#text'], key).toBe(article.id);
      expect(item.category ?? [], key).toEqual(article.categories);
      const body = `<p>Body of story ${n}.</p>`;
      if (archive || mode === 'summary') {
        expect(item.description, key).toBe(`Summary of story ${n} &amp; more.`);
        expect(item['content:encoded'], key).toBeUndefined();
      } else if (mode === 'full') {
        expect(item.description, key).toBe(body);
        expect(item['content:encoded'], key).toBeUndefined();
      } else {
        expect(item.description, key).toBe(`Summary of story ${n} &amp; more.`);
        expect(item['content:encoded'], key).toBe(body);
      }
      checked++;
    }
  }
  return checked;
}

describe('cached item checks and texts across the documents of a site', () => {
  for (const content of [undefined, { site: 'full', categories: 'both' }, { site: 'both', categories: 'summary' }] as const) {
    it(`every document shows each item as its article says (content ${JSON.stringify(content ?? 'both')})`, () => {
      const site: SiteInfo = { title: 'Example News', description: 'News', language: 'en', baseUrl: BASE, feedSize: 3, archivePageSize: 2, ...(content ? { content } : {}) };
      const all = articles(31);
      const byStory = new Map(all.map((a) => [storyOf(a.item.title), { ...a.item }]));
      const out = new Map(renderSite(site, all).map((o) => [o.key, o.body]));
      // 31 items in the site feed and 2–4 category feeds each: every item is checked in several documents.
      expect(checkRssDocuments(out, site, byStory)).toBeGreaterThan(31 * 3);
    });
  }

  it('renders the same bytes after the caches are forgotten, and the same as a site of fresh items', () => {
    const site: SiteInfo = { title: 'Example News', description: 'News', language: 'en', baseUrl: BASE, feedSize: 3, archivePageSize: 2 };
    const first = renderSite(site, articles(23));
    // Same articles, other objects, while the first site's items are still cached: nothing is shared by value.
    const second = renderSite(site, articles(23));
    forgetCheckedItems();
    const third = renderSite(site, articles(23));
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });
});

describe('withoutContent', () => {
  const channel = makeChannel({ isArchive: true });

  it('renders a copy as the item made without content, while the item keeps its content', () => {
    const item = makeItem({ contentHtml: '<p>Long body.</p>' });
    const full = renderFeeds(makeChannel(), [item]);
    expect(full.rss).toContain('Long body.');
    const copy = withoutContent(item);
    expect(copy).not.toBe(item);
    expect(item.contentHtml).toBe('<p>Long body.</p>');
    const expected = renderFeeds(channel, [makeItem({ contentHtml: '' })]);
    expect(renderFeeds(channel, [copy])).toEqual(expected);
    // The item itself, rendered after its copy, still shows its content.
    expect(renderFeeds(makeChannel(), [item])).toEqual(full);
  });

  it('keeps each copy to its own item', () => {
    const a = makeItem({ id: 'tag:news.example,2026:a', title: 'A', contentHtml: '<p>a</p>' });
    const b = makeItem({ id: 'tag:news.example,2026:b', title: 'B', contentHtml: '<p>b</p>' });
    const rendered = renderFeeds(channel, [withoutContent(b), withoutContent(a)]);
    const titles = rssItems(rendered.rss).map((i) => i.title);
    expect(titles).toEqual(['B', 'A']);
    expect(rendered.rss).not.toContain('&lt;p&gt;');
  });

  it('a copy of an item whose content is released later renders as before, and so does the item', () => {
    const item = makeItem({ contentHtml: '<p>Long body.</p>' });
    const before = renderFeeds(channel, [withoutContent(item)]);
    releaseContent(item);
    expect(renderFeeds(channel, [item])).toEqual(before);
    expect(renderFeeds(channel, [withoutContent(item)])).toEqual(before);
  });

  it('a copy is checked as its item: a bad field is reported with the item id', () => {
    const bad = makeItem({ url: 'javascript:alert(1)', contentHtml: '<p>x</p>' });
    expect(() => renderFeeds(channel, [withoutContent(bad)])).toThrow(/url/);
  });

  it('a copy made after content is loaded into an item shows none of it; the item shows the new content', () => {
    const item = makeItem({ contentHtml: '' });
    const empty = renderFeeds(makeChannel(), [item]);
    item.contentHtml = '<p>Loaded later.</p>';
    expect(renderFeeds(channel, [withoutContent(item)])).toEqual(renderFeeds(channel, [makeItem({ contentHtml: '' })]));
    const loaded = renderFeeds(makeChannel(), [item]);
    expect(loaded.rss).toContain('Loaded later.');
    expect(loaded).not.toEqual(empty);
  });
});
