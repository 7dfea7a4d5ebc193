import { describe, expect, it } from 'vitest';
import type { SiteArticle, SiteInfo } from '../../src/feeds/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { inProcessRender } from '../../src/publish/render-runner.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { dailyArticles } from '../support/make-feed-item.js';

// The writer of one process reads content the run did not keep a batch at a time and drops it after the
// batch is written: whatever the number of pages and feed members, it holds about one batch of HTML.
const BASE = 'https://news.example/';
const site: SiteInfo = { title: 'Loads', description: 'Bounded loads', language: 'en', baseUrl: BASE, feedSize: 50, archivePageSize: 50 };

function unkept(count: number, categories: number): SiteArticle[] {
  return dailyArticles(BASE, count, (n) => ({ categories: [`desk ${n % categories}`], contentHtml: '' })).map((a) => ({
    ...a,
    contentFrom: { source: `${a.slug}.md`, key: `${a.slug}.md`, assets: [] },
  }));
}

describe('the in-process writer, given content it must read', () => {
  it('holds at most one batch of read content at a time, reads each page and each feed member it renders, and leaves nothing loaded', async () => {
    // 1,200 articles, 40 desks of 30: every article is a member of its desk's current feed document.
    const articles = unkept(1200, 40);
    const loaded = new Set<SiteArticle>();
    let most = 0;
    const reads = new Map<string, number>();
    const output = createMemoryStore();
    await inProcessRender.render(
      {
        site,
        articles,
        renderPage: () => true,
        salt: 'test',
        assets: [],
        previousHashes: {},
        previousSignatures: {},
        present: new Set(),
        loadContent: async (batch) => {
          // What earlier batches loaded has been emptied again (and is to be read again if needed).
          for (const article of loaded) if (article.item.contentHtml === '') loaded.delete(article);
          for (const article of batch) {
            expect(article.contentFrom).toBeDefined();
            article.item.contentHtml = `<p>Body of ${article.slug}.</p>`;
            delete article.contentFrom;
            loaded.add(article);
            reads.set(article.slug, (reads.get(article.slug) ?? 0) + 1);
          }
          most = Math.max(most, loaded.size);
        },
      },
      { output, log: silentLogger },
    );
    // Batches of ~256 articles (a document's members are never split across two batches).
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(256 + 50);
    // Every article was read for its page and again for its desk's feed; the newest 50 also for the site feed.
    articles.forEach((a, i) => expect(reads.get(a.slug), a.slug).toBe(i < 50 ? 3 : 2));
    for (const a of articles) {
      expect(a.item.contentHtml).toBe('');
      expect(a.contentFrom).toBeDefined();
    }
    // And what was written carries the content read (checked in the bytes of a desk's JSON Feed).
    const feed = JSON.parse(new TextDecoder().decode((await output.read('categories/desk-7/feed.json')) ?? new Uint8Array())) as { items: { content_html?: string; title: string }[] };
    expect(feed.items).toHaveLength(30);
    for (const item of feed.items) expect(item.content_html).toBe(`<p>Body of story-${item.title.replace('Story ', '')}.</p>`);
  });

  it('reads nothing for documents it keeps unrendered', async () => {
    const articles = unkept(120, 4);
    const first = createMemoryStore();
    const job = { site, articles, renderPage: () => true, salt: 'test', assets: [], previousHashes: {}, previousSignatures: {}, present: new Set<string>() };
    const fill = async (batch: SiteArticle[]) => {
      for (const a of batch) {
        a.item.contentHtml = `<p>${a.slug}</p>`;
        delete a.contentFrom;
      }
    };
    const done = await inProcessRender.render({ ...job, loadContent: fill }, { output: first, log: silentLogger });
    // Same plan, every object signed as before and present: no page is planned, no feed document reads.
    let read = 0;
    await inProcessRender.render(
      {
        ...job,
        renderPage: () => false,
        previousHashes: done.hashes,
        previousSignatures: done.signatures,
        present: new Set(first.objects.keys()),
        loadContent: async (batch) => {
          read += batch.length;
          await fill(batch);
        },
      },
      { output: first, log: silentLogger },
    );
    expect(read).toBe(0);
  });
});
