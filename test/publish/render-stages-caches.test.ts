import { describe, expect, it } from 'vitest';
import { type SiteArticle, type SiteInfo, planSite, renderSite } from '../../src/feeds/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { inProcessRender } from '../../src/publish/render-runner.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { dailyArticles } from '../support/make-feed-item.js';

// The in-process render forgets what the feed writers cached (item checks and serialized items) after
// each stage, so the archives' cache is not held while the current documents are written. Its output must
// be what one render keeping every cache gives, for items shown in many feeds and in several content modes,
// and forgetting must not let a page whose content was released render again.

const BASE = 'https://stages.example/';
const CATEGORIES = ['Alpha', 'Beta', 'Gamma', 'Delta'];

function articles(): SiteArticle[] {
  return dailyArticles(BASE, 29, (n) => ({
    summary: `Summary ${n}.`,
    contentHtml: `<p>Body ${n}.</p>`,
    categories: CATEGORIES.filter((_, i) => (n + i) % 4 !== 0),
  }));
}

const text = (body: string | Uint8Array | undefined) => (typeof body === 'string' ? body : new TextDecoder().decode(body));

describe('the in-process render, caches forgotten between stages', () => {
  for (const content of [undefined, { site: 'full', categories: 'both' }, { site: 'both', categories: 'summary' }] as const) {
    it(`writes what a render keeping every cache gives (content ${JSON.stringify(content ?? 'both')})`, async () => {
      const site: SiteInfo = { title: 'Stages', description: 'News', language: 'en', baseUrl: BASE, feedSize: 3, archivePageSize: 2, ...(content ? { content } : {}) };
      const expected = renderSite(site, articles());
      const store = createMemoryStore();
      const job = { site, articles: articles(), renderPage: () => true, salt: 'stages', assets: [], previousHashes: {}, previousSignatures: {}, present: new Set<string>() };
      await inProcessRender.render(job, { output: store, log: silentLogger });
      expect([...store.objects.keys()].sort()).toEqual(expected.map((o) => o.key).sort());
      for (const { key, body } of expected) expect(text(store.objects.get(key)?.body), key).toBe(body);
      // Archives in every feed, so the archived items were cached across feeds before being forgotten.
      expect(expected.filter((o) => o.key.includes('/archive/') || o.key.startsWith('archive/')).length).toBeGreaterThan(30);
    });
  }

  it('a page whose content was released still refuses to render again after the caches are forgotten', async () => {
    const site: SiteInfo = { title: 'Stages', description: 'News', language: 'en', baseUrl: BASE, feedSize: 3, archivePageSize: 2 };
    const all = articles();
    const plan = planSite(site, all);
    const oldest = plan.find((o) => o.key === 'articles/story-1.html');
    expect(oldest?.render()).toContain('<p>Body 1.</p>');
    await inProcessRender.render(
      { site, articles: all.slice(0, 5), renderPage: () => true, salt: 'stages', assets: [], previousHashes: {}, previousSignatures: {}, present: new Set<string>() },
      { output: createMemoryStore(), log: silentLogger },
    );
    expect(() => oldest?.render()).toThrow(/rendered twice/);
  });
});
