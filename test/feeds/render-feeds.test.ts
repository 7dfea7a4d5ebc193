import { parseFeed } from 'feedsmith';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { FeedRenderError, renderFeeds } from '../../src/feeds/index.js';
import { describeWithConsumers } from '../support/consumers.js';
import { feedparse, xmlProblem, xmllint } from '../support/feed-parsers.js';
import { makeChannel, makeItem } from '../support/make-feed-item.js';

const items = [
  makeItem(),
  makeItem({
    id: 'tag:news.example,2026:posts/second.md',
    title: 'Second & <last>',
    url: 'https://elsewhere.example/story',
    authors: [{ name: 'Bo Reporter', email: 'bo@news.example' }],
    categories: ['space', 'science'],
    published: '2026-02-27T23:59:59.000Z',
    updated: '2026-02-27T23:59:59.000Z',
  }),
];
const feeds = renderFeeds(makeChannel(), items);

describe('renderFeeds RSS 2.0', () => {
  it('has the required channel elements and an absolute atom:link self', () => {
    expect(feeds.rss).toMatch(/<channel>\s*<title>Example News<\/title>\s*<link>https:\/\/news\.example\/<\/link>\s*<description>News from the example site<\/description>/);
    expect(feeds.rss).toContain('<atom:link href="https://news.example/feed.xml" rel="self" type="application/rss+xml"/>');
    expect(feeds.rss).toContain('<language>en</language>');
  });

  it('writes stable guids with isPermaLink="false" and RFC 822 dates', () => {
    expect(feeds.rss).toContain('<guid isPermaLink="false">tag:news.example,2026:posts/first.md</guid>');
    // 2026-03-01 was a Sunday.
    expect(feeds.rss).toContain('<pubDate>Sun, 01 Mar 2026 09:30:00 GMT</pubDate>');
    expect(feeds.rss).toContain('<lastBuildDate>Mon, 02 Mar 2026 10:00:00 GMT</lastBuildDate>');
  });

  it('names authors with dc:creator, never a name-only <author>', () => {
    expect(feeds.rss).toContain('<dc:creator>Ada Writer</dc:creator>');
    expect(feeds.rss).toContain('xmlns:dc="http://purl.org/dc/elements/1.1/"');
    expect(feeds.rss).not.toMatch(/<author>/);
  });

  it('parses back with rss-parser and feedsmith', async () => {
    const parsed = await new Parser().parseString(feeds.rss);
    expect(parsed.items.map((i) => i.title)).toEqual(['First post', 'Second & <last>']);
    expect(parsed.items[1]?.link).toBe('https://elsewhere.example/story');
    const smith = parseFeed(feeds.rss);
    expect(smith.format).toBe('rss');
  });
});

describe('renderFeeds Atom 1.0', () => {
  it('has self link, xml:lang, RFC 3339 dates and category terms', () => {
    expect(feeds.atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    expect(feeds.atom).toContain('<link rel="self" href="https://news.example/atom.xml"/>');
    expect(feeds.atom).toContain('<updated>2026-03-02T10:00:00.000Z</updated>');
    expect(feeds.atom).toContain('<published>2026-03-01T09:30:00.000Z</published>');
    expect(feeds.atom).toMatch(/<category [^>]*term="space"/);
    expect(feeds.atom).not.toMatch(/<category(?![^>]*term=)[^>]*>/);
  });

  it('parses back with feedsmith with titles intact', () => {
    const parsed = parseFeed(feeds.atom);
    expect(parsed.format).toBe('atom');
    if (parsed.format !== 'atom') return;
    expect(parsed.feed.entries?.map((e) => e.id)).toEqual(items.map((i) => i.id));
  });
});

describe('renderFeeds JSON Feed 1.1', () => {
  const json = JSON.parse(feeds.json) as Record<string, unknown> & { items: Record<string, unknown>[] };

  it('declares version 1.1 with language, authors and string ids', () => {
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.language).toBe('en');
    expect(json.feed_url).toBe('https://news.example/feed.json');
    expect(json.items[0]?.authors).toEqual([{ name: 'Ada Writer' }]);
    expect(json.items[0]).not.toHaveProperty('author');
    for (const item of json.items) expect(typeof item.id).toBe('string');
    expect(json.items[1]?.tags).toEqual(['space', 'science']);
  });

  it('parses back with feedsmith', () => {
    expect(parseFeed(feeds.json).format).toBe('json');
  });
});

describe('renderFeeds correctness guards', () => {
  it('removes characters illegal in XML 1.0 instead of passing them through', () => {
    const dirty = renderFeeds(makeChannel({ title: 'Bell\u0007 News' }), [
      makeItem({ title: 'Ctrl\u0001 char', summary: 'nul\u0000 here', contentHtml: '<p>esc\u001b ok \uFFFE</p>' }),
    ]);
    for (const xml of [dirty.rss, dirty.atom]) {
      expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
      expect(xmlProblem(xml)).toBeNull();
    }
    expect(dirty.rss).toContain('Ctrl char');
  });

  it('never writes undefined, Invalid Date or an empty id', () => {
    for (const text of [feeds.rss, feeds.atom, feeds.json]) {
      expect(text).not.toMatch(/undefined|Invalid Date|<id\/>|<id><\/id>/);
    }
  });

  it('refuses an invalid date instead of writing it', () => {
    expect(() => renderFeeds(makeChannel(), [makeItem({ published: 'not a date' })])).toThrow(FeedRenderError);
  });

  it('keeps CDATA well-formed when content contains ]]> twice', () => {
    const tricky = renderFeeds(makeChannel(), [makeItem({ contentHtml: '<p>a ]]> b ]]> c</p>', title: 'x ]]> y' })]);
    expect(xmlProblem(tricky.rss)).toBeNull();
    expect(xmlProblem(tricky.atom)).toBeNull();
  });

  it('wraps a bare front-matter id in a tag: URI, identically in every format', () => {
    const bare = renderFeeds(makeChannel(), [makeItem({ id: 'post 42' })]);
    const uri = 'tag:news.example,2026:id/post%2042';
    expect(bare.rss).toContain(`>${uri}</guid>`);
    expect(bare.atom).toContain(`<id>${uri}</id>`);
    expect((JSON.parse(bare.json) as { items: { id: string }[] }).items[0]?.id).toBe(uri);
  });

  it('is byte-identical when rendered twice from the same items', () => {
    expect(renderFeeds(makeChannel(), items)).toEqual(feeds);
  });

  it('renders an empty feed that still validates', () => {
    const empty = renderFeeds(makeChannel({ updated: '1970-01-01T00:00:00.000Z' }), []);
    expect(xmlProblem(empty.rss)).toBeNull();
    expect(xmlProblem(empty.atom)).toBeNull();
  });
});

describeWithConsumers('renderFeeds with Python feedparser', ['feedparser'], () => {
  it('parses RSS with bozo 0, every entry, dc:creator as author', () => {
    const d = feedparse(feeds.rss);
    expect(d.bozo).toBe(0);
    expect(d.version).toBe('rss20');
    expect(d.entries).toHaveLength(2);
    expect(d.entries[0]?.id).toBe('tag:news.example,2026:posts/first.md');
    expect(d.entries[0]?.author).toBe('Ada Writer');
  });

  it('parses Atom with bozo 0 and every entry', () => {
    const d = feedparse(feeds.atom);
    expect(d.bozo).toBe(0);
    expect(d.version).toBe('atom10');
    expect(d.entries.map((e) => e.title)).toEqual(['First post', 'Second & <last>']);
    expect(d.entries[1]?.tags).toEqual(['space', 'science']);
  });
});

describeWithConsumers('renderFeeds with xmllint', ['xmllint'], () => {
  it('is well-formed XML for libxml2', () => {
    expect(xmllint(feeds.rss)).toBeNull();
    expect(xmllint(feeds.atom)).toBeNull();
  });
});
