// Run as its own process (`node --import tsx`, see render-plan-released.test.ts): writes a site of
// `count` articles `runs` times so V8 optimizes the writer, then once more, and prints how many of that
// last site's planned pages are still alive when its first archive is written. In vitest's module runner
// the same code stayed unoptimized enough that a unit held by the writer's context was let go anyway.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SiteInfo } from '../../src/feeds/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { type PlannedOutput, plannedObjects, runStagesHere } from '../../src/publish/render-runner.js';
import { cutUnits } from '../../src/publish/render-units.js';
import type { Store } from '../../src/storage/store.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { dailyArticles } from './make-feed-item.js';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const BASE = 'https://plan.example/';
const site: SiteInfo = { title: 'Plan', description: 'News', language: 'en', baseUrl: BASE, feedSize: 3, archivePageSize: 2 };
const [count = 500, runs = 40] = process.argv.slice(2).map(Number);

async function writeSite(check: boolean): Promise<number | undefined> {
  const articles = dailyArticles(BASE, count, (n) => ({ summary: `Summary ${n}.`, contentHtml: `<p>Body ${n}.</p>`, categories: n % 2 ? ['Odd'] : ['Even'] }));
  const job = { site, articles, renderPage: () => true, salt: 'plan', assets: [], previousHashes: {}, previousSignatures: {}, present: new Set<string>() };
  let planned: PlannedOutput[] | undefined = plannedObjects(job);
  const pages = planned.filter((o) => o.key.startsWith('articles/')).map((o) => new WeakRef(o));
  const stages = cutUnits(planned);
  planned = undefined;
  const memory = createMemoryStore();
  let alive: number | undefined;
  const output: Store = {
    ...memory,
    async write(key, body, meta) {
      if (check && alive === undefined && key.includes('archive/')) {
        // Targets of weak references made in this job stay alive until it ends: collect in a later one.
        await new Promise<void>((resolve) => setImmediate(() => (collect(), resolve())));
        alive = pages.filter((r) => r.deref() !== undefined).length;
      }
      return memory.write(key, body, meta);
    },
  };
  await runStagesHere(stages, job, { output, log: silentLogger });
  return alive;
}

for (let run = 0; run < runs; run++) await writeSite(false);
process.stdout.write(`${JSON.stringify({ pages: count, alive: await writeSite(true) })}\n`);
