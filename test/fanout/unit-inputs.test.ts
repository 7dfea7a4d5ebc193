import { describe, expect, it } from 'vitest';
import { type SiteArticle, type SiteInfo, articlePageKey } from '../../src/feeds/index.js';
import { FanoutPending, WORK_PREFIX, createStoredUnitsRenderer, runRenderMessage } from '../../src/fanout/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { type RenderJob, inProcessRender } from '../../src/publish/render-runner.js';
import type { SyncResult } from '../../src/publish/sync-objects.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { fixedClock } from '../../src/clock/clock.js';
import { makeItem } from '../support/make-feed-item.js';
import { snapshot } from '../support/fanout-simulation.js';

const BASE = 'https://bounded.example/';
// Small feeds, archives and sitemap files, so a few hundred articles have every kind of positional
// document: site and category archives, older listing pages, a sitemap index with parts.
const site: SiteInfo = { title: 'Bounded', description: 'Units that do not grow', language: 'en', baseUrl: BASE, feedSize: 3, archivePageSize: 4, sitemapMaxUrls: 25 };
const TOPICS = ['alpha', 'beta', 'gamma'];
// Every article the same size (fixed-width numbers), so unit inputs of the same shape have the same size.
const BODY = `<p>${'Long enough to matter. '.repeat(40)}</p>`;

/** `count` articles newest first; every fifth article in two categories. */
function articles(count: number, topics = TOPICS): SiteArticle[] {
  return Array.from({ length: count }, (_, i) => {
    const n = count - i;
    const slug = `story-${String(n).padStart(5, '0')}`;
    const topic = topics[n % topics.length] as string;
    const categories = n % 5 === 0 ? [topic, 'featured'] : [topic];
    const published = new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString();
    const item = makeItem({ id: `urn:story:${n}`, title: `Story ${String(n).padStart(5, '0')}`, url: `${BASE}${articlePageKey(slug)}`, published, updated: published, categories, contentHtml: BODY });
    return { slug, item };
  });
}

function jobOf(count: number, topics = TOPICS): RenderJob {
  return { site, articles: articles(count, topics), renderPage: () => true, salt: 'bounded', assets: [], previousHashes: {}, previousSignatures: {}, present: new Set() };
}

/**
 * Runs a render run to the end: the coordinator, then every unit it sends, stage by stage. As in a
 * publish, each invocation of the coordinator sees the output's listing as it is then.
 */
async function fanOut(job: RenderJob, pageBatch: number, output = createMemoryStore()) {
  const state = createMemoryStore();
  const sent: { runId: string; batch: number }[] = [];
  const queue = { enqueueBatches: async (m: { runId: string; batch: number }[]) => void sent.push(...m), requestAssemble: async () => {} };
  const renderer = createStoredUnitsRenderer({ work: state, queue, budget: 1, pageBatch, now: fixedClock('2026-06-01T00:00:00Z') });
  let inputs: Map<string, number> | undefined;
  for (let stop = 0; stop < 10; stop++) {
    let result: SyncResult;
    try {
      result = await renderer.render({ ...job, present: new Set(await output.list('')) }, { output, log: silentLogger });
    } catch (error) {
      if (!(error instanceof FanoutPending)) throw error;
      // The inputs are all stored before the first message is sent.
      inputs ??= new Map(await Promise.all((await state.list(WORK_PREFIX)).filter((k) => k.includes('/inputs/')).map(async (k) => [k, (await state.read(k))?.byteLength ?? 0] as const)));
      for (const m of sent.splice(0)) expect(await runRenderMessage({ work: state, queue, output }, m.runId, m.batch)).toBe(true);
      continue;
    }
    if (!inputs) throw new Error('the coordinator did not fan out');
    return { result, output, inputs, state };
  }
  throw new Error('the render run did not finish');
}

const largest = (sizes: Map<string, number>) => Math.max(...sizes.values());
const total = (sizes: Map<string, number>) => [...sizes.values()].reduce((a, b) => a + b, 0);

describe('stored unit inputs', () => {
  it('are bounded by the unit, not the site: the largest stays the same when the site doubles', async () => {
    const small = await fanOut(jobOf(400), 12);
    const large = await fanOut(jobOf(800), 12);
    // Twice the site is twice the stored work in all, spread over twice the units...
    expect(total(large.inputs) / total(small.inputs)).toBeGreaterThan(1.8);
    expect(large.inputs.size / small.inputs.size).toBeGreaterThan(1.8);
    // ...but no unit reads more than before (one stored job read by every unit would be twice as large).
    expect(largest(large.inputs)).toBeLessThanOrEqual(largest(small.inputs));
    // And small beside the site: 800 articles of ~1.2 KB of content each.
    expect(largest(large.inputs)).toBeLessThan(total(large.inputs) / 20);
  });

  it('render byte for byte what the single process renders, archives and sitemap parts included', async () => {
    const job = jobOf(150);
    const { result, output } = await fanOut(job, 7);
    const single = createMemoryStore();
    const expected = await inProcessRender.render(jobOf(150), { output: single, log: silentLogger });
    expect(await snapshot(output)).toEqual(await snapshot(single));
    expect(result).toEqual(expected);
    // The site had what this test is about.
    const keys = [...single.objects.keys()];
    expect(keys).toContain('categories/alpha/archive/1/feed.xml');
    expect(keys).toContain('categories/featured/page/1.html');
    expect(keys).toContain('sitemaps/2.xml');
  });

  it('hold no feed list: each list a listing page shows at its foot is stored once per run', async () => {
    const topics = Array.from({ length: 40 }, (_, i) => `topic-${String(i).padStart(2, '0')}`);
    const { output, inputs, state } = await fanOut(jobOf(200, topics), 7);
    const single = createMemoryStore();
    await inProcessRender.render(jobOf(200, topics), { output: single, log: silentLogger });
    expect(await snapshot(output)).toEqual(await snapshot(single));
    const text = async (key: string) => new TextDecoder().decode((await state.read(key)) ?? new Uint8Array());
    // The home page lists 42 feeds (the site, 40 topics, featured); its older pages and the categories'
    // pages list the site's and their own. No unit input holds a list (the OPML in the site's unit names
    // them all, once).
    const lastFeed = 'categories/topic-39/feed.xml';
    const page = async (key: string) => new TextDecoder().decode((await single.read(key)) ?? new Uint8Array());
    expect(await page('index.html')).toContain(lastFeed);
    expect(await page('page/1.html')).not.toContain(lastFeed);
    expect(await page('page/1.html')).toContain('href="../index.html#feeds"');
    for (const key of inputs.keys()) {
      const input = await text(key);
      expect(input).not.toContain('"footerFeeds"');
      const own = (JSON.parse(input) as { objects: { key: string }[] }).objects.some((o) => o.key.startsWith('categories/topic-39/'));
      if (!key.includes('/inputs/4/') && !own) expect(input, key).not.toContain(lastFeed);
    }
    const sharedKey = (await state.list(WORK_PREFIX)).find((k) => k.endsWith('/render-shared.json')) as string;
    const shared = JSON.parse(await text(sharedKey)) as { feedLists: unknown[][] };
    // One list per footer: the home page's (42), its older pages' (the site: 1), each category's (2).
    expect(shared.feedLists.map((l) => l.length).sort((a, b) => a - b)).toEqual([1, ...Array<number>(41).fill(2), 42]);
  });

  it('keep what the last run left: an incremental run stores no source for what it will not render', async () => {
    const first = jobOf(150);
    const output = createMemoryStore();
    const done = await inProcessRender.render(first, { output, log: silentLogger });
    // One more article; its page and its neighbour's are rendered, everything else is as the last run left it.
    const fresh = new Set(['story-00151', 'story-00150']);
    const next: RenderJob = {
      ...jobOf(151),
      renderPage: (a) => fresh.has(a.slug),
      previousHashes: done.hashes,
      previousSignatures: done.signatures,
      present: new Set(output.objects.keys()),
    };
    const { result, inputs } = await fanOut(next, 7, output);
    // What is written and reported depends on the recorded hashes, not on the store written to.
    const single = await inProcessRender.render(next, { output: createMemoryStore(), log: silentLogger });
    expect(result).toEqual(single);
    // The old archive pages are kept unrendered: their units store keys and hashes, not items.
    expect(largest(inputs)).toBeLessThan(largest((await fanOut(jobOf(151), 7)).inputs));
  });
});
