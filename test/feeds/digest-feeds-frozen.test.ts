import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { parseIssueJson, renderDigestFeeds } from '../../src/digest/index.js';
import { xmlProblem, xmllint } from '../support/feed-parsers.js';
import { consumerAvailable, missingConsumersAllowed } from '../support/consumers.js';

// An issue frozen by an older release, with the strings that broke its feeds: the digest feeds are
// rendered from this record on every run, so the fixed writer fixes old issues' entries too.
const frozenIssue = JSON.stringify({
  version: 1,
  digestId: 'weekly',
  id: 'tag:news.example,2026:digest/weekly/2026-11-23',
  title: 'Example News — Weekly digest ]]> 23 November 2026',
  digestTitle: 'Weekly digest',
  date: '2026-11-23',
  scheduled: '2026-11-23T07:00:00.000Z',
  windowStart: '2026-11-16T07:00:00.000Z',
  url: 'https://news.example/digests/weekly/2026-11-23.html',
  language: 'en',
  articleCount: 2,
  sections: [
    {
      name: 'List<T>',
      articles: [
        { id: 'a', title: 'Generics: List<T> & ]]>', url: 'https://news.example/a.html', categories: ['List<T>', 'list t', 'a<b'], summary: 'Ids with &amp; and <b>bold</b>.', published: '2026-11-20T00:00:00.000Z' },
        { id: 'b', title: 'undefined', url: 'https://news.example/b.html', categories: ['<b>bold</b>', '日本', '東京'], summary: 'Invalid Date', published: '2026-11-19T00:00:00.000Z' },
      ],
    },
  ],
});

describe('digest feeds re-rendered from a frozen issue record', () => {
  const config = parseConfig({ site: { title: 'Example News', baseUrl: 'https://news.example/' } });
  const weekly = config.digests.find((d) => d.id === 'weekly');
  if (!weekly) throw new Error('default weekly digest missing');
  const issue = parseIssueJson(frozenIssue, 'digests/weekly/2026-11-23.json');
  const feeds = renderDigestFeeds(config, weekly, [issue]);

  it('is well-formed whatever the record holds', () => {
    expect(xmlProblem(feeds.rss)).toBeNull();
    expect(xmlProblem(feeds.atom)).toBeNull();
    if (consumerAvailable('xmllint') || !missingConsumersAllowed()) {
      expect(xmllint(feeds.rss)).toBeNull();
      expect(xmllint(feeds.atom)).toBeNull();
    }
  });

  it('keeps the title exactly and carries each category once', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true, htmlEntities: false, isArray: (n) => n === 'entry' || n === 'category' });
    const entry = (parser.parse(feeds.atom) as { feed: { entry: { title: { '#text': string }; category: { '@term': string }[] }[] } }).feed.entry[0];
    expect(entry?.title['#text']).toBe('Example News — Weekly digest ]]> 23 November 2026');
    const terms = entry?.category.map((c) => c['@term']) ?? [];
    expect(terms).toContain('List<T>');
    expect(terms).toContain('<b>bold</b>');
    expect(new Set(terms).size).toBe(terms.length);
    const json = JSON.parse(feeds.json) as { items: { id: string; title: string }[] };
    expect(json.items[0]?.id).toBe(issue.id);
  });
});
