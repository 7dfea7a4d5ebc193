import { XMLParser } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { checkFeed, FeedRenderError, renderFeeds, renderSite, type SiteArticle } from '../../src/feeds/index.js';
import { feedparse } from '../support/feed-parsers.js';
import { consumerAvailable, missingConsumersAllowed } from '../support/consumers.js';
import { makeChannel, makeItem } from '../support/make-feed-item.js';

function renderError(run: () => unknown): FeedRenderError {
  try {
    run();
  } catch (error) {
    if (error instanceof FeedRenderError) return error;
    throw error;
  }
  throw new Error('expected a FeedRenderError');
}

describe('checkFeed refuses what no feed may contain, naming feed, item and field', () => {
  it.each([
    ['published', { published: 'not a date' }],
    ['updated', { updated: '2026-02-30T00:00:00Z' }],
    ['url', { url: '/articles/relative.html' }],
    ['url', { url: 'javascript:alert(1)' }],
    ['url', { url: 'java\tscript:alert(1)' }],
    ['title', { title: '\u0001\u0002 \n' }],
    ['id', { id: '\uFFFE' }],
  ] as const)('%s: %j', (field, override) => {
    const error = renderError(() => renderFeeds(makeChannel(), [makeItem({ id: 'post-1', ...override })]));
    expect(error.field).toBe(field);
    expect(error.feed).toBe('https://news.example/feed.xml');
    expect(error.itemId).toBe('id' in override ? override.id : 'post-1');
    expect(error.code).toBe('feed-render');
    expect(error.message).toContain(field);
  });

  it('cuts a huge item id to 200 characters in the error', () => {
    const id = 'x'.repeat(5_000_000);
    const error = renderError(() => renderFeeds(makeChannel(), [makeItem({ id, published: 'never' })]));
    expect(error.message.length).toBeLessThan(400);
    expect(error.itemId?.startsWith('x'.repeat(200))).toBe(true);
    expect(error.itemId).not.toContain('x'.repeat(201));
  });

  it('refuses a channel language that is not a BCP 47 tag (it lands in xml:lang)', () => {
    const error = renderError(() => renderFeeds(makeChannel({ language: 'en" onload="alert(1)' }), []));
    expect(error.field).toBe('channel.language');
    expect(error.itemId).toBeUndefined();
  });

  it('leaves out optional links that are not http(s), and invalid e-mails and languages', () => {
    const { items } = checkFeed(makeChannel(), [
      makeItem({ image: 'java\tscript:alert(1)', lang: 'en" x="', authors: [{ name: 'Eve', url: 'javascript:alert(document.domain)', email: 'not an address' }] }),
    ]);
    expect(items[0]?.image).toBeUndefined();
    expect(items[0]?.lang).toBeUndefined();
    expect(items[0]?.authors).toEqual([{ name: 'Eve' }]);
  });

  it('takes years literally and normalizes every date to UTC', () => {
    const feeds = renderFeeds(makeChannel(), [makeItem({ published: '0001-01-01T00:00:00Z', updated: '2026-03-01T10:30:00+01:00' })]);
    expect(feeds.atom).toContain('<published>0001-01-01T00:00:00.000Z</published>');
    expect(feeds.atom).toContain('<updated>2026-03-01T09:30:00.000Z</updated>');
    expect(feeds.rss).toContain('<pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate>');
  });

  it('dates the feed by its newest item (offsets compared as instants), the channel date only when empty', () => {
    const items = [makeItem({ id: 'a', updated: '2026-03-02T11:30:00+02:00' }), makeItem({ id: 'b', updated: '2026-03-02T10:00:00Z' })];
    const feeds = renderFeeds(makeChannel({ updated: '1970-01-01T00:00:00.000Z' }), items);
    expect(feeds.atom).toMatch(/^  <updated>2026-03-02T10:00:00.000Z<\/updated>$/m);
    expect(renderFeeds(makeChannel({ updated: '1970-01-01T00:00:00.000Z' }), []).atom).toMatch(/^  <updated>1970-01-01T00:00:00.000Z<\/updated>$/m);
  });

  it('publishes articles about undefined and Invalid Date', () => {
    const feeds = renderFeeds(makeChannel(), [makeItem({ title: 'Why `undefined` is not Invalid Date', summary: '>undefined< <id/>' })]);
    expect(feeds.rss).toContain('<title>Why `undefined` is not Invalid Date</title>');
  });
});

describe('item ids are identical in RSS, Atom and JSON Feed', () => {
  const ids = ['tag:news.example,2026:a&amp;b', 'https://news.example/p?a=1&amp;b=2', 'post 42 & <more>', 'https://news.example/p?a=1&b=2'];
  const feeds = renderFeeds(
    makeChannel(),
    ids.map((id) => makeItem({ id })),
  );
  const exact = new XMLParser({ processEntities: true, htmlEntities: false, trimValues: false, parseTagValue: false, isArray: (n) => n === 'item' || n === 'entry' });
  const rssGuids = (exact.parse(feeds.rss) as { rss: { channel: { item: { guid: string }[] } } }).rss.channel.item.map((i) => i.guid);
  const atomIds = (exact.parse(feeds.atom) as { feed: { entry: { id: string }[] } }).feed.entry.map((e) => e.id);
  const jsonIds = (JSON.parse(feeds.json) as { items: { id: string }[] }).items.map((i) => i.id);

  it('reads the same ids back from all three with an XML parser and JSON.parse', () => {
    expect(rssGuids).toEqual(jsonIds);
    expect(atomIds).toEqual(jsonIds);
    // Ids that are URIs pass unchanged, `&amp;` included; others are wrapped in a tag: URI.
    expect(jsonIds).toEqual(['tag:news.example,2026:a&amp;b', 'https://news.example/p?a=1&amp;b=2', 'tag:news.example,2026:id/post%2042%20%26%20%3Cmore%3E', 'https://news.example/p?a=1&b=2']);
  });

  it('reads the same ids back with feedsmith', () => {
    const rss = parseFeed(feeds.rss);
    const atom = parseFeed(feeds.atom);
    if (rss.format !== 'rss' || atom.format !== 'atom') throw new Error('formats');
    expect(rss.feed.items?.map((i) => i.guid?.value)).toEqual(jsonIds);
    expect(atom.feed.entries?.map((e) => e.id)).toEqual(jsonIds);
  });

  it.skipIf(!consumerAvailable('feedparser') && missingConsumersAllowed())('reads the same ids back with Python feedparser', () => {
    expect(feedparse(feeds.rss).entries.map((e) => e.id)).toEqual(jsonIds);
    expect(feedparse(feeds.atom).entries.map((e) => e.id)).toEqual(jsonIds);
  });
});

describe('categories', () => {
  it('keeps one category per slug on an item, first spelling first', () => {
    const { items } = checkFeed(makeChannel(), [makeItem({ categories: ['Science', 'science', ' SCIENCE ', '', '\u0001', 'Space'] })]);
    expect(items[0]?.categories).toEqual(['Science', 'Space']);
  });

  it('lists an item once in every category feed, even when two of its names share a slug', () => {
    const articles: SiteArticle[] = [
      { slug: 'tokyo', item: makeItem({ id: 'tag:news.example,2026:tokyo', categories: ['日本', '東京', 'C++', 'C#', 'Science', 'science'] }) },
    ];
    const site = { title: 'Example News', description: 'News', language: 'en', baseUrl: 'https://news.example/', feedSize: 50 };
    const objects = renderSite(site, articles);
    const feedsWithItem = objects.filter((o) => (o.key.endsWith('.xml') || o.key.endsWith('.json')) && o.key !== 'sitemap.xml');
    expect(feedsWithItem.length).toBeGreaterThan(3);
    for (const feed of feedsWithItem) {
      expect(feed.body.split('tag:news.example,2026:tokyo').length - 1, feed.key).toBe(1);
    }
  });
});

describe('OPML', () => {
  it('stays well-formed and exact with hostile feed titles', () => {
    const site = { title: 'News <&> "quoted"\u0001', description: 'd', language: 'en', baseUrl: 'https://news.example/', feedSize: 50 };
    const articles: SiteArticle[] = [{ slug: 'a', item: makeItem({ categories: ['List<T>', 'a\nb'] }) }];
    const opml = renderSite(site, articles).find((o) => o.key === 'feeds.opml')?.body ?? '';
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true, htmlEntities: false }).parse(opml) as {
      opml: { head: { title: string }; body: { outline: { '@text': string }[] } };
    };
    expect(parsed.opml.head.title).toBe('News <&> "quoted"');
    expect(parsed.opml.body.outline.map((o) => o['@text'])).toEqual(['News <&> "quoted"', 'News <&> "quoted": a b', 'News <&> "quoted": List<T>']);
  });
});
