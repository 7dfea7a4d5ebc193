import { describe, expect, it } from 'vitest';
import { type SiteArticle, type SiteInfo, articlePageKey } from '../../src/feeds/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { inProcessRender, plannedObjects } from '../../src/publish/render-runner.js';
import { UnitCutError, cutUnits } from '../../src/publish/render-units.js';
import { type OutputObject, syncObjects } from '../../src/publish/sync-objects.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { makeItem } from '../support/make-feed-item.js';

const BASE = 'https://units.example/';
const site: SiteInfo = {
  title: 'Units',
  description: 'Cut into units',
  language: 'en',
  baseUrl: BASE,
  feedSize: 3,
  archivePageSize: 2,
  stylesheet: true,
};

/** 23 articles over three categories (one article in two), newest first: archives in every feed. */
function articles(): SiteArticle[] {
  const topics = ['alpha', 'beta', 'gamma'];
  return Array.from({ length: 23 }, (_, i) => {
    const n = 23 - i;
    const slug = `story-${n}`;
    const categories = n % 7 === 0 ? ['alpha', 'beta'] : [topics[n % 3] as string];
    const published = new Date(Date.UTC(2026, 0, n)).toISOString();
    return { slug, item: makeItem({ id: `urn:story:${n}`, title: `Story ${n}`, url: `${BASE}${articlePageKey(slug)}`, published, updated: published, categories }) };
  });
}

const job = () => ({ site, articles: articles(), renderPage: () => true, salt: 'units-test' });

/** Keys of this site that a document links to (absolute URLs under the base, as every document writes them). */
function linkedKeys(body: string): Set<string> {
  const keys = new Set<string>();
  for (const [url] of body.matchAll(/https:\/\/units\.example\/[^"'<>\s\\)]*/g)) {
    const key = url.slice(BASE.length).replace(/[#?].*$/, '');
    keys.add(key === '' || key.endsWith('/') ? `${key}index.html` : key);
  }
  return keys;
}

const isArticlePage = (key: string) => key.startsWith('articles/');
const isArchive = (key: string) => /(^|\/)archive\/\d+\//.test(key);
const isFeed = (key: string) => /\.(xml|json)$/.test(key) && !key.endsWith('sitemap.xml');
const isListing = (key: string) => key.endsWith('.html') && !isArticlePage(key);

describe('cutting the plan into render units', () => {
  it('never puts a feed or listing before the article pages and archives it links', () => {
    const stages = cutUnits(plannedObjects(job()), 4);
    // Position of every object: its stage, its unit and its place in the unit.
    const at = new Map<string, { stage: number; unit: number; index: number }>();
    stages.forEach((units, stage) => units.forEach((unit, u) => unit.forEach((o, index) => at.set(o.key, { stage, unit: u, index }))));
    const before = (a: { stage: number; unit: number; index: number }, b: { stage: number; unit: number; index: number }) =>
      a.stage < b.stage || (a.stage === b.stage && a.unit === b.unit && a.index < b.index);

    let checked = 0;
    for (const units of stages) {
      for (const unit of units) {
        for (const object of unit) {
          if (!isFeed(object.key) && !isListing(object.key) && object.key !== 'sitemap.xml') continue;
          const body = String((object.body as () => string)());
          const self = at.get(object.key);
          if (!self) throw new Error(`unplaced ${object.key}`);
          for (const target of linkedKeys(body)) {
            // A feed's archives are the pages it links that must exist first; so are article pages.
            const mustExist = isArticlePage(target) || (isFeed(object.key) && isArchive(target) && !isArchive(object.key));
            if (!mustExist || target === object.key) continue;
            const place = at.get(target);
            expect(place, `${object.key} links ${target}, which the plan does not write`).toBeDefined();
            expect(before(place as typeof self, self), `${object.key} is written before ${target}, which it links`).toBe(true);
            checked++;
          }
        }
      }
    }
    // The check saw real links: every page from the site feeds, listings and sitemap, and the archives.
    expect(checked).toBeGreaterThan(100);
  });

  it('makes stage 1 of pages in units of N, one unit per category in stage 2, and one unit for the site', () => {
    const [pages, categories, siteUnit] = cutUnits(plannedObjects(job()), 4);
    expect(pages.map((u) => u.length)).toEqual([4, 4, 4, 4, 4, 3]);
    expect(categories.map((u) => new Set(u.map((o) => o.key.split('/')[1])))).toEqual([new Set(['alpha']), new Set(['beta']), new Set(['gamma'])]);
    expect(siteUnit).toHaveLength(1);
    const siteKeys = siteUnit[0]?.map((o) => o.key) ?? [];
    // The site's feed archives first (newest first), then its current documents; the stylesheet last.
    expect(siteKeys[0]).toBe('archive/10/feed.xml');
    expect(siteKeys.indexOf('feed.xml')).toBeGreaterThan(siteKeys.indexOf('archive/1/feed.json'));
    expect(siteKeys.slice(-4)).toEqual(['index.html', 'sitemap.xml', 'robots.txt', 'feed.xsl']);
    // With no page batch (the single process) stage 1 is one unit, assets first.
    const asset: OutputObject = { key: 'assets/a.png', body: new Uint8Array([1]), phase: 'assets' };
    const whole = cutUnits([asset, ...plannedObjects(job())]);
    expect(whole[0]).toHaveLength(1);
    expect(whole[0]?.[0]?.[0]?.key).toBe('assets/a.png');
  });

  it('refuses a plan whose stages or categories are interleaved', () => {
    const page: OutputObject = { key: 'articles/a.html', body: 'a', phase: 'pages' };
    const alpha: OutputObject = { key: 'categories/alpha/feed.xml', body: 'f' };
    const beta: OutputObject = { key: 'categories/beta/feed.xml', body: 'f' };
    const root: OutputObject = { key: 'feed.xml', body: 'f' };
    expect(() => cutUnits([alpha, page])).toThrow(UnitCutError);
    expect(() => cutUnits([root, alpha])).toThrow(UnitCutError);
    expect(() => cutUnits([alpha, beta, { ...alpha, key: 'categories/alpha/atom.xml' }])).toThrow(/split in two runs/);
    expect(cutUnits([page, alpha, beta, root]).map((s) => s.length)).toEqual([1, 2, 1]);
  });

  it('the in-process runner writes and reports exactly what one syncObjects over the plan does', async () => {
    const asset: OutputObject = { key: 'assets/a.png', body: new Uint8Array([1, 2]), phase: 'assets' };
    const viaUnits = createMemoryStore();
    const direct = createMemoryStore();
    const common = { previousHashes: {}, previousSignatures: {}, present: new Set<string>() };
    const unitResult = await inProcessRender.render({ ...job(), ...common, assets: [asset] }, { output: viaUnits, log: silentLogger });
    const whole = await syncObjects({ store: direct, objects: [asset, ...plannedObjects(job())], ...common, log: silentLogger });
    expect(unitResult).toEqual(whole);
    expect(unitResult.written.length).toBeGreaterThan(50);
    expect([...viaUnits.objects.keys()]).toEqual([...direct.objects.keys()]);
  });
});
