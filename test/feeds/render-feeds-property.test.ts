import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeHtml, FeedRenderError, renderFeeds, toFeedUri } from '../../src/feeds/index.js';
import { makeChannel, makeItem } from '../support/make-feed-item.js';
import { expectedBlock, expectedLine } from './hostile-strings.js';

// Arbitrary UTF-16 (lone surrogates and controls included) in every text field: the feed is either
// refused with a FeedRenderError naming the field, or every format reads back exactly the cleaned text.

const exact = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ['item', 'entry', 'category'].includes(name),
});
const text = (node: unknown): string => (typeof node === 'object' && node !== null ? String((node as Record<string, unknown>)['#text'] ?? '') : String(node ?? ''));
const anyText = fc.oneof(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('<', '>', '&', ']]>', '"', "'", '\r', '\n', '\u0000', '\uD800', 'a', ' ') }));

describe('renderFeeds on arbitrary strings', () => {
  it('refuses or round-trips title, summary, category and id in RSS, Atom and JSON Feed', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, anyText, (title, summary, category, id) => {
        const item = makeItem({ id, title, summary, contentHtml: `<p>${escapeHtml(summary)}</p>`, categories: [category] });
        if (expectedLine(title) === '' || expectedBlock(id) === '') {
          expect(() => renderFeeds(makeChannel(), [item])).toThrow(FeedRenderError);
          return;
        }
        const feeds = renderFeeds(makeChannel(), [item]);
        const expected = {
          title: expectedLine(title),
          summary: expectedBlock(summary),
          categories: expectedLine(category) === '' ? [] : [expectedLine(category)],
          id: toFeedUri(expectedBlock(id), 'news.example'),
        };
        const rssItem = (exact.parse(feeds.rss) as { rss: { channel: { item: Record<string, unknown>[] } } }).rss.channel.item[0] ?? {};
        expect(text(rssItem.title)).toBe(expected.title);
        expect(text(rssItem.guid)).toBe(expected.id);
        expect(((rssItem.category as unknown[] | undefined) ?? []).map(text)).toEqual(expected.categories);
        const entry = (exact.parse(feeds.atom) as { feed: { entry: Record<string, unknown>[] } }).feed.entry[0] ?? {};
        expect([text(entry.title), text(entry.id), text(entry.summary)]).toEqual([expected.title, expected.id, expected.summary]);
        expect(((entry.category as Record<string, unknown>[] | undefined) ?? []).map((c) => c['@term'])).toEqual(expected.categories);
        const json = (JSON.parse(feeds.json) as { items: Record<string, unknown>[] }).items[0] ?? {};
        expect([json.title, json.id, json.summary, json.tags ?? []]).toEqual([expected.title, expected.id, expected.summary, expected.categories]);
      }),
      { numRuns: 300 },
    );
  });
});
