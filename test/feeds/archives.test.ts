import { XMLParser } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { type RenderedObject, type SiteArticle, type SiteInfo, renderSite } from '../../src/feeds/index.js';
import { describeWithConsumers } from '../support/consumers.js';
import { feedparseMany, xmlProblem, xmllintMany } from '../support/feed-parsers.js';
import { makeItem } from '../support/make-feed-item.js';

const BASE = 'https://news.example/';
const site: SiteInfo = { title: 'Example News', description: 'News', language: 'en', baseUrl: BASE, feedSize: 5, archivePageSize: 4 };

/** `count` articles, newest first, one day apart; every third in category "odd". */
function articles(count: number): SiteArticle[] {
  const out: SiteArticle[] = [];
  for (let n = count; n >= 1; n--) {
    const day = new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
    out.push({
      slug: `story-${n}`,
      item: makeItem({
        id: `tag:news.example,2026:story-${n}`,
        title: `Story ${n} & <more>`,
        url: `${BASE}articles/story-${n}.html`,
        published: day,
        updated: day,
        categories: n % 3 === 0 ? ['odd', 'all'] : ['all'],
        contentHtml: `<p>Body ${n}</p>`,
      }),
    });
  }
  return out;
}

const byKey = (objects: RenderedObject[]) => new Map(objects.map((o) => [o.key, o.body]));
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'entry', 'link', 'atom:link'].includes(name) });

type Link = { '@rel': string; '@href': string };
const linkOf = (links: Link[] | undefined, rel: string) => links?.find((l) => l['@rel'] === rel)?.['@href'];
const keyOfUrl = (url: string) => url.slice(BASE.length);

/**
 * An RFC 5005 §4.2 reader: start at the subscription document, follow `prev-archive` until there is none,
 * and collect every entry id. Written from the RFC, independent of the renderer.
 */
function walk(docs: Map<string, string>, start: string, format: 'rss' | 'atom' | 'json'): { ids: string[]; visited: string[] } {
  const ids: string[] = [];
  const visited: string[] = [];
  let key: string | undefined = start;
  while (key !== undefined) {
    if (visited.includes(key)) throw new Error(`loop at ${key}`);
    visited.push(key);
    const body = docs.get(key);
    if (body === undefined) throw new Error(`${key} is linked but missing`);
    let prev: string | undefined;
    if (format === 'json') {
      const feed = JSON.parse(body) as { items: { id: string }[]; next_url?: string };
      ids.push(...feed.items.map((i) => i.id));
      prev = feed.next_url;
    } else if (format === 'rss') {
      const channel = xml.parse(body).rss.channel as { item?: { guid: { '#text': string } }[]; 'atom:link'?: Link[] };
      ids.push(...(channel.item ?? []).map((i) => i.guid['#text']));
      prev = linkOf(channel['atom:link'], 'prev-archive');
    } else {
      const feed = xml.parse(body).feed as { entry?: { id: string }[]; link?: Link[] };
      ids.push(...(feed.entry ?? []).map((e) => e.id));
      prev = linkOf(feed.link, 'prev-archive');
    }
    key = prev === undefined ? undefined : keyOfUrl(prev);
  }
  return { ids, visited };
}

const FEEDS = [
  { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json', members: (n: number) => n },
  { rss: 'categories/odd/feed.xml', atom: 'categories/odd/atom.xml', json: 'categories/odd/feed.json', members: (n: number) => Math.floor(n / 3) },
];

describe('RFC 5005 archives', () => {
  it('a reader following prev-archive collects every item exactly once, in every format', () => {
    for (const count of [0, 1, 5, 8, 9, 12, 13, 23, 40]) {
      const docs = byKey(renderSite(site, articles(count)));
      for (const feed of FEEDS) {
        for (const format of ['rss', 'atom', 'json'] as const) {
          if (feed.members(count) === 0 && !docs.has(feed[format])) continue;
          const { ids } = walk(docs, feed[format], format);
          expect(new Set(ids).size, `${feed[format]} with ${count}`).toBe(ids.length);
          expect(ids.length, `${feed[format]} with ${count}`).toBe(feed.members(count));
        }
      }
    }
  });

  it('holds size to size + pageSize - 1 items in the current feed and full pages in archives', () => {
    const docs = byKey(renderSite(site, articles(23)));
    const current = JSON.parse(docs.get('feed.json') ?? '') as { items: unknown[]; next_url: string };
    // 23 = 7 current + 4 pages of 4.
    expect(current.items).toHaveLength(7);
    expect(current.next_url).toBe(`${BASE}archive/4/feed.json`);
    for (let page = 1; page <= 4; page++) expect((JSON.parse(docs.get(`archive/${page}/feed.json`) ?? '') as { items: unknown[] }).items).toHaveLength(4);
    expect(docs.has('archive/5/feed.json')).toBe(false);
  });

  it('marks archive documents with fh:archive and a current link, and the subscription feed with neither', () => {
    const docs = byKey(renderSite(site, articles(23)));
    const rssArchive = xml.parse(docs.get('archive/2/feed.xml') ?? '').rss;
    expect(rssArchive['@xmlns:fh']).toBe('http://purl.org/syndication/history/1.0');
    expect(rssArchive.channel).toHaveProperty('fh:archive');
    expect(linkOf(rssArchive.channel['atom:link'], 'current')).toBe(`${BASE}feed.xml`);
    expect(linkOf(rssArchive.channel['atom:link'], 'prev-archive')).toBe(`${BASE}archive/1/feed.xml`);
    expect(linkOf(rssArchive.channel['atom:link'], 'next-archive')).toBe(`${BASE}archive/3/feed.xml`);
    expect(linkOf(rssArchive.channel['atom:link'], 'self')).toBe(`${BASE}archive/2/feed.xml`);
    // "odd" has 13 of 40 articles: 5 current + 2 pages of 4.
    const docs40 = byKey(renderSite(site, articles(40)));
    const atomArchive = xml.parse(docs40.get('categories/odd/archive/1/atom.xml') ?? '').feed;
    expect(atomArchive).toHaveProperty('fh:archive');
    expect(linkOf(atomArchive.link, 'current')).toBe(`${BASE}categories/odd/atom.xml`);
    // The archive belongs to the same logical feed: same Atom id.
    expect(atomArchive.id).toBe(xml.parse(docs40.get('categories/odd/atom.xml') ?? '').feed.id);
    expect(linkOf(atomArchive.link, 'next-archive')).toBe(`${BASE}categories/odd/archive/2/atom.xml`);
    expect(linkOf(atomArchive.link, 'prev-archive')).toBeUndefined();
    const current = docs.get('feed.xml') ?? '';
    expect(current).not.toContain('fh:archive');
    expect(current).not.toContain('rel="current"');
  });

  it('adding an article rewrites only the current feeds and at most the newest archive page, and adds at most one page', () => {
    for (let count = 0; count < 40; count++) {
      const before = byKey(renderSite(site, articles(count)));
      const after = byKey(renderSite(site, articles(count + 1)));
      for (const feed of FEEDS) {
        const dir = feed.rss.replace(/feed\.xml$/, '');
        const archivePages = (docs: Map<string, string>) =>
          [...docs.keys()].filter((k) => k.startsWith(`${dir}archive/`) && /^archive\/\d+\//.test(k.slice(dir.length))).map((k) => Number(k.slice(dir.length).split('/')[1]));
        const newestBefore = Math.max(0, ...archivePages(before));
        for (const [key, body] of before) {
          if (!key.startsWith(`${dir}archive/`) || !/^archive\/\d+\//.test(key.slice(dir.length))) continue;
          const page = Number(key.slice(dir.length).split('/')[1]);
          if (page < newestBefore) expect(after.get(key), `${key} changed when article ${count + 1} was added`).toBe(body);
        }
        expect(Math.max(0, ...archivePages(after)) - newestBefore).toBeLessThanOrEqual(1);
      }
    }
  });

  it('keeps every feed document within the byte budget by leaving out content, oldest first', () => {
    const big = articles(12).map((a) => ({ ...a, item: { ...a.item, contentHtml: `<p>${'x'.repeat(6_000)}</p>` } }));
    const docs = byKey(renderSite({ ...site, feedMaxBytes: 20_000 }, big));
    const feedKeys = [...docs.keys()].filter((k) => /(feed\.xml|atom\.xml|feed\.json)$/.test(k));
    for (const key of feedKeys) expect(new TextEncoder().encode(docs.get(key)).length, key).toBeLessThanOrEqual(20_000);
    // Nothing is lost: the newest item keeps its content, every item is still reachable.
    const json = JSON.parse(docs.get('feed.json') ?? '') as { items: { id: string; content_html?: string }[] };
    expect(json.items[0]?.content_html).toContain('xxx');
    expect(json.items.at(-1)?.content_html).toBeUndefined();
    expect(walk(docs, 'feed.json', 'json').ids).toHaveLength(12);
  });

  // Budgets count UTF-8 bytes, not characters: content of 3- and 4-byte characters (a document whose
  // character count fits and whose bytes do not) must still be cut to fit.
  it('keeps the byte budget for content of multi-byte characters', () => {
    const big = articles(12).map((a, i) => ({ ...a, item: { ...a.item, contentHtml: `<p>${(i % 2 === 0 ? '€' : '😀').repeat(2_500)}</p>` } }));
    const docs = byKey(renderSite({ ...site, feedMaxBytes: 20_000 }, big));
    const feedKeys = [...docs.keys()].filter((k) => /(feed\.xml|atom\.xml|feed\.json)$/.test(k));
    let largest = 0;
    for (const key of feedKeys) {
      const bytes = new TextEncoder().encode(docs.get(key)).length;
      largest = Math.max(largest, bytes);
      expect(bytes, key).toBeLessThanOrEqual(20_000);
    }
    // Some document came close: the budget, not the item count, decided what was cut.
    expect(largest).toBeGreaterThan(12_000);
    const json = JSON.parse(docs.get('feed.json') ?? '') as { items: { content_html?: string }[] };
    expect(json.items[0]?.content_html).toContain('€');
  });

  it('every archive document parses with fast-xml-parser (strict), feedsmith and rss-parser', async () => {
    const docs = byKey(renderSite(site, articles(23)));
    const archives = [...docs].filter(([k]) => k.includes('archive/'));
    expect(archives.length).toBeGreaterThan(12);
    for (const [key, body] of archives) {
      if (key.endsWith('.json')) {
        expect(parseFeed(body).format, key).toBe('json');
        continue;
      }
      expect(xmlProblem(body), key).toBeNull();
      expect(parseFeed(body).format, key).toBe(key.endsWith('atom.xml') ? 'atom' : 'rss');
      if (key.endsWith('feed.xml')) expect((await new Parser().parseString(body)).items.length, key).toBe(4);
    }
  });
});

describeWithConsumers('RFC 5005 archives in feedparser and xmllint', ['feedparser', 'xmllint'], () => {
  it('reads every archive document with bozo 0 and all its items; xmllint finds them well-formed', () => {
    const docs = byKey(renderSite(site, articles(23)));
    const xmlDocs = [...docs].filter(([k]) => k.endsWith('.xml') && (k.includes('archive/') || /(^|\/)(feed|atom)\.xml$/.test(k)));
    const parsed = feedparseMany(xmlDocs.map(([, body]) => ({ body, suffix: '.xml' })));
    parsed.forEach((doc, i) => {
      const key = xmlDocs[i]?.[0];
      expect(doc.bozo, `${key}: ${doc.bozoException}`).toBe(0);
      // Only full pages are archived.
      if (key?.includes('archive/')) expect(doc.entries.length, key).toBe(4);
    });
    expect(xmllintMany(xmlDocs.map(([, body]) => body))).toEqual(new Map());
  });
});
