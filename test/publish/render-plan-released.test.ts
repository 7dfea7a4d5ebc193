import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { type SiteArticle, type SiteInfo, planSite } from '../../src/feeds/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { type PlannedOutput, plannedObjects, runStagesHere } from '../../src/publish/render-runner.js';
import { cutUnits } from '../../src/publish/render-units.js';
import type { Store } from '../../src/storage/store.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { dailyArticles } from '../support/make-feed-item.js';

// A large site's page plan (an object, closures and the article's loads per page) must not be held once the
// pages are written: the archives that follow are the run's memory peak. Checked with the collector itself:
// weak references to the planned pages must be cleared by a full collection while the archives are written.

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
// Targets of weak references made in this job stay alive until it ends: collect in a later one.
const collectLater = () => new Promise<void>((resolve) => setImmediate(() => (collect(), resolve())));

const BASE = 'https://plan.example/';
const site: SiteInfo = { title: 'Plan', description: 'News', language: 'en', baseUrl: BASE, feedSize: 3, archivePageSize: 2 };

function articles(): SiteArticle[] {
  return dailyArticles(BASE, 21, (n) => ({ summary: `Summary ${n}.`, contentHtml: `<p>Body ${n}.</p>`, categories: n % 2 ? ['Odd'] : ['Even'] }));
}

const alive = (refs: WeakRef<object>[]) => refs.filter((r) => r.deref() !== undefined).length;

describe('the page plan is let go once the pages are written', () => {
  it('the objects planned for the feeds do not keep the planned pages', async () => {
    let plan: ReturnType<typeof planSite> | undefined = planSite(site, articles());
    const pages = plan.filter((o) => o.key.startsWith('articles/')).map((o) => new WeakRef(o));
    const rest = plan.filter((o) => !o.key.startsWith('articles/'));
    plan = undefined;
    expect(pages).toHaveLength(21);
    await collectLater();
    expect(alive(pages)).toBe(0);
    // The rest is still in use (and renders): it is what must not hold the pages.
    expect(rest.find((o) => o.key === 'feed.xml')?.render()).toContain('<rss');
  });

  it('the in-process writer drops the pages stage before it writes the archives', async () => {
    const job = { site, articles: articles(), renderPage: () => true, salt: 'plan', assets: [], previousHashes: {}, previousSignatures: {}, present: new Set<string>() };
    let planned: PlannedOutput[] | undefined = plannedObjects(job);
    const pages = planned.filter((o) => o.key.startsWith('articles/')).map((o) => new WeakRef(o));
    const stages = cutUnits(planned);
    planned = undefined;
    const memory = createMemoryStore();
    const seen: { key: string; alive: number }[] = [];
    const output: Store = {
      ...memory,
      async write(key, body, meta) {
        if (key.includes('archive/') && seen.length === 0) {
          await collectLater();
          seen.push({ key, alive: alive(pages) });
        }
        return memory.write(key, body, meta);
      },
    };
    await runStagesHere(stages, job, { output, log: silentLogger });
    expect(pages).toHaveLength(21);
    expect(memory.objects.has('articles/story-1.html')).toBe(true);
    expect(seen).toEqual([{ key: expect.stringContaining('archive/'), alive: 0 }]);
  });

  // Once V8 had optimized the writer (after tens of sites written), a unit captured by a closure stayed in
  // the suspended function's context: the 20,000 pages of a real build lived through the archives (heap
  // snapshot). The interpreted run above let them go, so this runs in a process of its own, as the CLI does.
  it('and still does once its code has been optimized by many runs', { timeout: 180_000 }, () => {
    const probe = fileURLToPath(new URL('../support/plan-release-probe.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', probe, '500', '40'], { encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop() as string)).toEqual({ pages: 500, alive: 0 });
  });
});
