import { describe, expect, it } from 'vitest';
import { type SiteArticle, type SiteInfo, articlePageKey } from '../../src/feeds/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { inProcessRender, plannedObjects } from '../../src/publish/render-runner.js';
import { UnitCutError, cutUnits } from '../../src/publish/render-units.js';
import { type OutputObject, syncObjects } from '../../src/publish/sync-objects.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { documentsOfPlanned } from '../../src/fanout/unit-inputs.js';
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

  it('cuts every stage by items, keeping together a document, a category, the site, and the two newest pages of a feed', () => {
    const stages = cutUnits(plannedObjects(job(), true), 4, documentsOfPlanned());
    const keysOf = (units: OutputObject[][] | undefined) => (units ?? []).map((u) => u.map((o) => o.key));
    const [pages, positional, categories, siteUnits, last] = stages.map(keysOf) as [string[][], string[][], string[][], string[][], string[][]];
    // Stage 1: 23 pages in units of 4.
    expect(pages.map((u) => u.length)).toEqual([4, 4, 4, 4, 4, 3]);
    // Stage 2: archive pages (2 items each, newest first) and older listing pages of alpha (9 items: 3
    // pages), beta (10: 3), gamma (7: 2) and the site (23: 10), two documents (4 items) a unit, except
    // that a family's two newest pages join the unit before them rather than be split; a document's
    // three formats are never split.
    const documents = positional.map((u) => [...new Set(u.map((k) => k.replace(/\/(feed|atom)\.(xml|json)$/, '').replace('categories/', '')))].join(' '));
    expect(documents).toEqual([
      'alpha/archive/3 alpha/archive/2',
      'alpha/archive/1 alpha/page/3.html alpha/page/2.html',
      'alpha/page/1.html beta/archive/3 beta/archive/2',
      'beta/archive/1 beta/page/3.html beta/page/2.html',
      'beta/page/1.html gamma/archive/2 gamma/archive/1',
      'gamma/page/2.html gamma/page/1.html',
      'archive/10 archive/9',
      'archive/8 archive/7',
      'archive/6 archive/5',
      'archive/4 archive/3',
      'archive/2 archive/1',
      'page/10.html page/9.html',
      'page/8.html page/7.html',
      'page/6.html page/5.html',
      'page/4.html page/3.html',
      'page/2.html page/1.html',
    ]);
    const alphaArchive = (n: number) => [`categories/alpha/archive/${n}/feed.xml`, `categories/alpha/archive/${n}/atom.xml`, `categories/alpha/archive/${n}/feed.json`];
    expect(positional[0]).toEqual([...alphaArchive(3), ...alphaArchive(2)]);
    expect(positional.flat()).toHaveLength((3 + 3 + 2 + 10) * 3 + (3 + 3 + 2 + 10));
    // Stage 3: each category's current documents and first page in one unit, in plan order.
    const categoryOf = (k: string) => k.split('/')[1];
    for (const unit of categories) {
      for (const slug of new Set(unit.map(categoryOf))) {
        const own = unit.filter((k) => categoryOf(k) === slug);
        expect(own).toEqual([`categories/${slug}/feed.xml`, `categories/${slug}/atom.xml`, `categories/${slug}/feed.json`, `categories/${slug}/index.html`]);
      }
    }
    expect(categories.flat().map(categoryOf).filter((s, i, all) => all.indexOf(s) === i)).toEqual(['alpha', 'beta', 'gamma']);
    // Stages 4 and 5: the site's feeds, OPML and first page; then the sitemap, robots.txt and stylesheet.
    expect(siteUnits).toEqual([['feed.xml', 'atom.xml', 'feed.json', 'feeds.opml', 'index.html']]);
    expect(last).toEqual([['sitemap.xml', 'robots.txt', 'feed.xsl']]);
    // With units of one item, the two newest archive pages still share a unit; the older ones do not.
    const [, single] = cutUnits(plannedObjects(job(), true), 1, documentsOfPlanned()).map(keysOf);
    expect(single?.[0]).toEqual(positional[0]);
    expect(single?.[1]).toEqual(alphaArchive(1));
    // With no page batch (the single process) every stage is one unit, assets first.
    const asset: OutputObject = { key: 'assets/a.png', body: new Uint8Array([1]), phase: 'assets' };
    const whole = cutUnits([asset, ...plannedObjects(job())]);
    expect(whole.map((units) => units.length)).toEqual([1, 1, 1, 1, 1]);
    expect(whole[0]?.[0]?.[0]?.key).toBe('assets/a.png');
  });

  it('sorts objects into stages keeping their order, and refuses archive pages that are not newest first', () => {
    const page: OutputObject = { key: 'articles/a.html', body: 'a', phase: 'pages' };
    const alpha: OutputObject = { key: 'categories/alpha/feed.xml', body: 'f' };
    const alphaArchive: OutputObject = { key: 'categories/alpha/archive/1/feed.xml', body: 'f' };
    const root: OutputObject = { key: 'feed.xml', body: 'f' };
    const sitemap: OutputObject = { key: 'sitemap.xml', body: 's' };
    const keys = (objects: OutputObject[]) => cutUnits(objects).map((units) => units.map((u) => u.map((o) => o.key)));
    expect(keys([sitemap, root, alpha, alphaArchive, page])).toEqual([[['articles/a.html']], [['categories/alpha/archive/1/feed.xml']], [['categories/alpha/feed.xml']], [['feed.xml']], [['sitemap.xml']]]);
    const older = (n: number): OutputObject => ({ key: `archive/${n}/feed.xml`, body: 'f' });
    expect(() => cutUnits([older(1), older(2)])).toThrow(UnitCutError);
    expect(() => cutUnits([older(2), older(1), { key: 'categories/x/archive/5/feed.xml', body: 'f' }])).not.toThrow();
  });

  it('the in-process runner writes and reports exactly what one syncObjects over the plan, stage by stage, does', async () => {
    const asset: OutputObject = { key: 'assets/a.png', body: new Uint8Array([1, 2]), phase: 'assets' };
    const viaUnits = createMemoryStore();
    const direct = createMemoryStore();
    const common = { previousHashes: {}, previousSignatures: {}, present: new Set<string>() };
    const unitResult = await inProcessRender.render({ ...job(), ...common, assets: [asset] }, { output: viaUnits, log: silentLogger });
    const stageOrder = cutUnits([asset, ...plannedObjects(job())]).flat(2);
    const whole = await syncObjects({ store: direct, objects: stageOrder, ...common, log: silentLogger });
    expect(unitResult).toEqual(whole);
    expect(unitResult.written.length).toBeGreaterThan(50);
    expect([...viaUnits.objects.keys()]).toEqual([...direct.objects.keys()]);
    // The same objects as the plan, in stage order: every page, then every archive, before any current document.
    expect(new Set(unitResult.written)).toEqual(new Set([asset, ...plannedObjects(job())].map((o) => o.key)));
    const at = (k: string) => unitResult.written.indexOf(k);
    expect(at('categories/gamma/archive/1/feed.xml')).toBeLessThan(at('categories/alpha/feed.xml'));
  });
});
