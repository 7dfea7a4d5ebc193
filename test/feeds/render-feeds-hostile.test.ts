import { XMLParser } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';
import Parser from 'rss-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, type FeedItem, renderFeeds, type RenderedFeeds, toFeedUri } from '../../src/feeds/index.js';
import { decodeHtmlText, type FeedparserDocument, feedparseMany, xmllintMany, xmlProblem } from '../support/feed-parsers.js';
import { describeWithConsumers } from '../support/consumers.js';
import { makeChannel, makeItem } from '../support/make-feed-item.js';
import { expectedBlock, expectedLine, HOSTILE_STRINGS } from './hostile-strings.js';

// Every hostile string goes into every text field of a channel and an item; every format is parsed back
// by parsers that share no code with the writer, and what they read must be the input text (minus what
// XML 1.0 cannot carry; one-line fields with whitespace collapsed).

interface Expected {
  title: string;
  summary: string;
  contentHtml: string;
  category: string;
  author: string;
  id: string;
}

interface Case {
  name: string;
  text: string;
  expected: Expected;
}

const HOST = 'news.example';

function hostileItem(text: string): FeedItem {
  return makeItem({
    id: text,
    title: text,
    summary: text,
    // Bodies arrive sanitized; the text inside them is what a reader must see.
    contentHtml: `<p>${escapeHtml(text)}</p>`,
    authors: [{ name: text }],
    // Tagged three times into one category: the item must carry it once.
    categories: [text, text, ` ${text}\n`],
  });
}

const cases: Case[] = Object.entries(HOSTILE_STRINGS).map(([name, text]) => ({
  name,
  text,
  expected: {
    title: expectedLine(text),
    summary: expectedBlock(text),
    contentHtml: `<p>${escapeHtml(expectedBlock(text))}</p>`,
    category: expectedLine(text),
    author: expectedLine(text),
    id: toFeedUri(expectedBlock(text), HOST),
  },
}));

// Rendered on first use, so a writer that throws on one string fails only that string's tests.
const rendered = new Map<string, RenderedFeeds>();
function feedsOf({ name, text }: Case): RenderedFeeds {
  let feeds = rendered.get(name);
  if (!feeds) {
    feeds = renderFeeds(makeChannel({ title: text, description: text, authors: [{ name: text }] }), [hostileItem(text)]);
    rendered.set(name, feeds);
  }
  return feeds;
}

// Reads exactly what the XML carries: no trimming, entities and character references resolved.
const exact = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ['item', 'entry', 'category', 'dc:creator', 'author'].includes(name),
});

type Node = Record<string, unknown>;
const textOf = (node: unknown): string => (typeof node === 'object' && node !== null ? String((node as Node)['#text'] ?? '') : String(node ?? ''));

describe.each(cases)('hostile string $name in every field', (c) => {
  const { expected } = c;
  const feeds = {
    get rss() {
      return feedsOf(c).rss;
    },
    get atom() {
      return feedsOf(c).atom;
    },
    get json() {
      return feedsOf(c).json;
    },
  };
  it('is well-formed XML for fast-xml-parser', () => {
    expect(xmlProblem(feeds.rss)).toBeNull();
    expect(xmlProblem(feeds.atom)).toBeNull();
  });

  it('RSS: fast-xml-parser reads back exactly the input', () => {
    const channel = (exact.parse(feeds.rss) as { rss: { channel: Node } }).rss.channel;
    expect(textOf(channel.title)).toBe(expected.title);
    expect(decodeHtmlText(textOf(channel.description))).toBe(expected.summary);
    const item = (channel.item as Node[])[0] as Node;
    expect(textOf(item.title)).toBe(expected.title);
    expect(textOf(item.guid)).toBe(expected.id);
    expect(decodeHtmlText(textOf(item.description))).toBe(expected.summary);
    expect(textOf(item['content:encoded'])).toBe(expected.contentHtml);
    expect((item.category as unknown[]).map(textOf)).toEqual([expected.category]);
    expect((item['dc:creator'] as unknown[]).map(textOf)).toEqual([expected.author]);
  });

  it('Atom: fast-xml-parser reads back exactly the input, attributes included', () => {
    const feed = (exact.parse(feeds.atom) as { feed: Node }).feed;
    expect(textOf(feed.title)).toBe(expected.title);
    const entry = (feed.entry as Node[])[0] as Node;
    expect(textOf(entry.title)).toBe(expected.title);
    expect(textOf(entry.id)).toBe(expected.id);
    expect(textOf(entry.summary)).toBe(expected.summary);
    expect(textOf(entry.content)).toBe(expected.contentHtml);
    expect((entry.category as Node[]).map((c) => [c['@term'], c['@label']])).toEqual([[expected.category, expected.category]]);
    expect((entry.author as Node[]).map((a) => textOf(a.name))).toEqual([expected.author]);
  });

  it('JSON Feed: JSON.parse reads back exactly the input', () => {
    const json = JSON.parse(feeds.json) as { title: string; items: Node[] };
    expect(json.title).toBe(expected.title);
    const item = json.items[0] as Node;
    expect([item.id, item.title, item.summary, item.content_html]).toEqual([expected.id, expected.title, expected.summary, expected.contentHtml]);
    expect(item.tags).toEqual([expected.category]);
    expect(item.authors).toEqual([{ name: expected.author }]);
  });

  it('feedsmith parses all three formats to the same title, id and category', () => {
    const rss = parseFeed(feeds.rss);
    const atom = parseFeed(feeds.atom);
    const json = parseFeed(feeds.json);
    if (rss.format !== 'rss' || atom.format !== 'atom' || json.format !== 'json') throw new Error(`formats ${rss.format} ${atom.format} ${json.format}`);
    const rssItem = rss.feed.items?.[0];
    const atomEntry = atom.feed.entries?.[0];
    const jsonItem = json.feed.items?.[0];
    expect([rssItem?.title, atomEntry?.title?.value, jsonItem?.title]).toEqual([expected.title, expected.title, expected.title]);
    expect([rssItem?.guid?.value, atomEntry?.id, jsonItem?.id]).toEqual([expected.id, expected.id, expected.id]);
    expect([rssItem?.categories?.map((c) => c.name), atomEntry?.categories?.map((c) => c.term), jsonItem?.tags]).toEqual([[expected.category], [expected.category], [expected.category]]);
  });

  it('rss-parser reads the RSS title, guid and categories', async () => {
    const parsed = await new Parser().parseString(feeds.rss);
    const item = parsed.items[0];
    expect([item?.title, item?.guid, item?.categories]).toEqual([expected.title, expected.id, [expected.category]]);
  });
});

describeWithConsumers('hostile strings with Python feedparser', ['feedparser'], () => {
  let docs: FeedparserDocument[] = [];
  beforeAll(() => {
    docs = feedparseMany(cases.flatMap((c) => [{ body: feedsOf(c).rss, suffix: '.xml' }, { body: feedsOf(c).atom, suffix: '.xml' }]));
  });

  it.each(cases.map((c, i) => ({ ...c, i })))('$name: bozo 0, and title, id, summary, category and author read back in RSS and Atom', ({ expected, i }) => {
    for (const [format, doc] of [['rss', docs[2 * i]], ['atom', docs[2 * i + 1]]] as const) {
      expect(doc?.bozoException ?? 'missing').toBe('');
      expect(doc?.bozo).toBe(0);
      expect(doc?.feedTitle).toBe(expected.title);
      const entry = doc?.entries[0];
      expect([entry?.title, entry?.id]).toEqual([expected.title, expected.id]);
      // feedparser hands back RSS descriptions as (sanitized) HTML and Atom text summaries as text.
      expect(format === 'rss' ? decodeHtmlText(entry?.summary ?? '') : entry?.summary).toBe(expected.summary);
      expect(entry?.tags).toEqual([expected.category]);
      expect(entry?.authors).toEqual([expected.author]);
    }
  });
});

describeWithConsumers('hostile strings with xmllint', ['xmllint'], () => {
  it('every RSS and Atom document is well-formed for libxml2', () => {
    const problems = xmllintMany(cases.flatMap((c) => [feedsOf(c).rss, feedsOf(c).atom]));
    expect([...problems.values()]).toEqual([]);
  });
});
