import { describe, expect, it } from 'vitest';
import { syntheticArticle } from '../../bench/build/synthetic-corpus.js';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { FanoutPending, RENDER_POINTER_KEY, WORK_PREFIX, createStoredUnitsRenderer, handleDeadLetters, runRenderMessage, stageRunId } from '../../src/fanout/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { CONTENT_CACHE_KEY } from '../../src/publish/content-cache.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';
import { SimulatedKill, snapshot } from '../support/fanout-simulation.js';
import { simulateRenderFanout } from '../support/render-simulation.js';

const config = parseConfig({ site: { title: 'Render fan-out', baseUrl: 'https://render.example/' }, feed: { size: 5, archivePageSize: 4 } });
const clock = fixedClock('2026-06-01T00:00:00Z');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7]);

function corpus(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`story-${String(i).padStart(3, '0')}.md`] = syntheticArticle(i);
  // A page that shows a local file: the file must be in assets/ before the page is written.
  files['pictured.md'] = '---\ntitle: Pictured\ndate: 2025-03-01\ncategories: [photo]\n---\n\nLook: ![a map](img/map.png)\n';
  return files;
}

async function inputOf(files: Record<string, string>): Promise<Store> {
  const input = createMemoryStore(files);
  await input.write('img/map.png', PNG, { contentType: 'image/png', cacheControl: '' });
  return input;
}

async function singleProcess(files: Record<string, string>, output = createMemoryStore(), state = createMemoryStore(), at = clock) {
  const report = await publishSite({ config, input: await inputOf(files), output, state, clock: at, log: silentLogger });
  return { report, output, state };
}

/** Keys whose bytes differ between two stores (missing on either side included); `skip`: a prefix of `a` left out. */
async function differing(a: Store, b: Store, skip?: string): Promise<string[]> {
  const left = await snapshot(a, skip);
  const right = await snapshot(b);
  return [...new Set([...left.keys(), ...right.keys()])].filter((k) => left.get(k) !== right.get(k)).sort();
}

/** Kills the first attempt at every unit after `after` writes (some of its objects are written, its result is not). */
function killFirstAttempt(after: number) {
  return (base: Store, attempt: number): Store => {
    if (attempt > 1) return base;
    let writes = 0;
    return {
      ...base,
      async write(key, body, meta) {
        if (++writes > after) throw new SimulatedKill(`SIGKILL while writing ${key}`);
        return base.write(key, body, meta);
      },
    };
  };
}

describe('render and write as stored units on many workers', () => {
  it('publishes byte for byte what one process publishes, with duplicate deliveries and workers killed mid-unit', async () => {
    const files = corpus(30);
    const single = await singleProcess(files);

    const output = createMemoryStore();
    const state = createMemoryStore();
    let sends = 0;
    const writes: string[] = [];
    const sim = await simulateRenderFanout({
      config,
      input: await inputOf(files),
      output,
      state,
      clock,
      renderBudget: 10,
      pageBatch: 7,
      workers: 3,
      duplicate: () => ++sends % 3 === 0,
      workerOutput: (base, attempt) => {
        const logged: Store = {
          ...base,
          write(key, body, meta) {
            writes.push(key);
            return base.write(key, body, meta);
          },
        };
        return killFirstAttempt(2)(logged, attempt);
      },
    });
    // Stage by stage, even with re-runs and duplicates: every page before any feed or listing; every
    // archive and older listing page before any current document or first page; every category before
    // the site's feeds and index; the sitemap and robots.txt last.
    const last = (match: (k: string) => boolean) => writes.reduce((at, k, i) => (match(k) ? i : at), -1);
    const first = (match: (k: string) => boolean) => writes.findIndex(match);
    const isPage = (k: string) => k.startsWith('articles/');
    const isPositional = (k: string) => /(^|\/)(archive\/\d+\/|page\/\d+\.html$)/.test(k);
    const isCategory = (k: string) => k.startsWith('categories/') && !isPositional(k);
    const isLast = (k: string) => ['sitemap.xml', 'robots.txt', 'feed.xsl'].includes(k);
    const isSite = (k: string) => !isPage(k) && !isPositional(k) && !isCategory(k) && !isLast(k);
    expect(first(isPage)).toBeGreaterThanOrEqual(0);
    expect(first(isPositional)).toBeGreaterThan(last(isPage));
    expect(first(isCategory)).toBeGreaterThan(last(isPositional));
    expect(first(isSite)).toBeGreaterThan(last(isCategory));
    expect(first(isLast)).toBeGreaterThan(last(isSite));

    // Stage 1: 31 pages in units of 7. Stage 2: the site feed's 6 archive pages and the index's 6 older
    // pages, 4 items each: a feed's two newest together, then one a unit (7 items at most): 5 + 5.
    // Stage 3: 9 categories (science, technology, politics, business, culture, sport: 4 stories;
    // health, climate: 3; photo: 1), current documents and first page together (twice the items), packed
    // by 7 items: 8 units (health and photo share one). Stage 4: the site; stage 5: sitemap, robots.
    const stages = new Map(sim.pending.map((p) => [p.work, p.batches]));
    expect([...stages]).toEqual([
      ['render units (stage 1 of 5)', 5],
      ['render units (stage 2 of 5)', 10],
      ['render units (stage 3 of 5)', 8],
      ['render units (stage 4 of 5)', 1],
      ['render units (stage 5 of 5)', 1],
    ]);
    // Killed after 2 writes: every unit with 3 objects or more (all but the 4 one-page listing units and
    // the one with the two newest older pages).
    expect(sim.killed).toBeGreaterThanOrEqual(5 + 5 + 8 + 1 + 1);
    expect(await differing(output, single.output)).toEqual([]);
    expect(await differing(state, single.state, WORK_PREFIX)).toEqual([]);
    expect(sim.report.written).toEqual(single.report.written);
    expect(sim.report.unchanged).toBe(single.report.unchanged);
    expect(sim.report.deleted).toEqual(single.report.deleted);
    expect(sim.report.articles).toBe(single.report.articles);
    // A duplicate request after the run finished is an ordinary run over an unchanged site.
    for (const later of sim.laterReports) expect(later.written).toEqual([]);
  });

  it('fans out parse+summarize and rendering in one publish, and an incremental run equals a single-process one', async () => {
    const files = corpus(24);
    const output = createMemoryStore();
    const state = createMemoryStore();
    const common = { config, output, state, clock, renderBudget: 8, pageBatch: 10, workers: 4 };
    let sends = 0;
    await simulateRenderFanout({ ...common, input: await inputOf(files), parse: { budget: 5, batchSize: 6 }, duplicate: () => ++sends % 4 === 0 });
    const cold = await singleProcess(files);
    expect(await differing(output, cold.output)).toEqual([]);

    // Two stories change, one leaves, one arrives: a small incremental run, still past the render budget.
    const next = { ...files, 'story-003.md': syntheticArticle(103), 'story-010.md': syntheticArticle(110), 'late.md': syntheticArticle(500) };
    delete (next as Record<string, string>)['story-020.md'];
    const sim = await simulateRenderFanout({ ...common, input: await inputOf(next), workerOutput: killFirstAttempt(1) });
    const single = await singleProcess(next, cold.output, cold.state);
    expect(await differing(output, single.output)).toEqual([]);
    expect(await differing(state, single.state, WORK_PREFIX)).toEqual([]);
    expect(sim.report.written).toEqual(single.report.written);
    expect(sim.report.deleted).toEqual(single.report.deleted);
    expect(sim.report.unchanged).toBe(single.report.unchanged);
  });

  it('an incremental run whose coordinator is called later each time finishes, dated when it was planned', async () => {
    const files = corpus(24);
    const fanned = await singleProcess(files);
    const reference = await singleProcess(files);
    // An edit with no date of its own (updated: the run's time) and an article with no date (first seen: the run's time).
    const next = {
      ...files,
      'story-022.md': `${files['story-022.md']}\nOne more sentence added to this story.\n`,
      'undated.md': '---\ntitle: Undated news\ncategories: [science]\n---\n\nNo date in its front matter.\n',
    };
    const start = Date.parse('2026-06-02T00:00:00Z');
    let minutes = 0;
    const moving = () => new Date(start + minutes * 60_000);
    const sim = await simulateRenderFanout({
      config,
      input: await inputOf(next),
      output: fanned.output,
      state: fanned.state,
      clock: moving,
      renderBudget: 2,
      pageBatch: 5,
      workers: 2,
      beforeCoordinator: () => void minutes++,
    });
    // Planned by the first call (00:01), continued by one call per stage, a minute later each.
    expect(sim.pending.map((p) => p.work)).toEqual([1, 2, 3, 4, 5].map((stage) => `render units (stage ${stage} of 5)`));
    expect(minutes).toBe(6);

    // Every date the run derived is the planning call's: checked in the bytes.
    const feed = JSON.parse(new TextDecoder().decode((await fanned.output.read('feed.json')) ?? new Uint8Array())) as {
      items: { title: string; content_html?: string; date_published: string; date_modified?: string }[];
    };
    const edited = feed.items.find((i) => i.title.startsWith('Synthetic story 22:'));
    expect(edited?.content_html).toContain('One more sentence added to this story.');
    expect(edited?.date_modified).toBe('2026-06-02T00:01:00.000Z');
    const undated = feed.items.find((i) => i.title === 'Undated news');
    expect(undated?.date_published).toBe('2026-06-02T00:01:00.000Z');
    expect(new TextDecoder().decode((await fanned.output.read('feed.xml')) ?? new Uint8Array())).toContain('One more sentence added to this story.');

    // Byte for byte one process's build at that time, state included.
    const single = await singleProcess(next, reference.output, reference.state, fixedClock('2026-06-02T00:01:00Z'));
    expect(await differing(fanned.output, single.output)).toEqual([]);
    expect(await differing(fanned.state, single.state, WORK_PREFIX)).toEqual([]);
    expect(sim.report.written).toEqual(single.report.written);
    expect(sim.report.deleted).toEqual(single.report.deleted);
  });

  it('a render run whose inputs change while it is in flight is planned again at the time of the call that sees the change', async () => {
    const files = corpus(8);
    const state = createMemoryStore();
    const queue = { enqueueBatches: async () => {}, requestAssemble: async () => {} };
    const pointer = async () => JSON.parse(new TextDecoder().decode((await state.read(RENDER_POINTER_KEY)) ?? new Uint8Array())) as { renderId: string; at?: string };
    const publishAt = async (at: string, input: Record<string, string>) => {
      const renderer = createStoredUnitsRenderer({ work: state, queue, budget: 3, pageBatch: 4, now: fixedClock(at) });
      await expect(publishSite({ config, input: createMemoryStore(input), output: createMemoryStore(), state, clock: fixedClock(at), log: silentLogger, renderer })).rejects.toBeInstanceOf(FanoutPending);
      return pointer();
    };
    const planned = await publishAt('2026-06-01T01:00:00Z', files);
    expect(planned.at).toBe('2026-06-01T01:00:00.000Z');
    // Same inputs an hour later: the same run, at the time it was planned.
    expect(await publishAt('2026-06-01T02:00:00Z', files)).toEqual(planned);
    // Another edit meanwhile: a new plan, dated by the call that saw it.
    const replanned = await publishAt('2026-06-01T03:00:00Z', { ...files, 'story-001.md': syntheticArticle(101) });
    expect(replanned.at).toBe('2026-06-01T03:00:00.000Z');
    expect(replanned.renderId).not.toBe(planned.renderId);
  });

  it('with feed members the coordinator does not keep, an incremental run with duplicates and killed workers equals one process', async () => {
    const files = corpus(24);
    const output = createMemoryStore();
    const state = createMemoryStore();
    // contentInMemory 2: the cold run keeps nothing; the next one keeps its 2 changed sources, and every
    // cached feed member (all 24 are in some current document) is read by the units that show it.
    const common = { config, output, state, clock, renderBudget: 8, pageBatch: 10, workers: 4, contentInMemory: 2 };
    await simulateRenderFanout({ ...common, input: await inputOf(files), parse: { budget: 5, batchSize: 6 } });
    const cold = await singleProcess(files);
    expect(await differing(output, cold.output)).toEqual([]);
    const next = { ...files, 'story-003.md': syntheticArticle(103), 'late.md': syntheticArticle(500) };
    let sends = 0;
    const sim = await simulateRenderFanout({ ...common, input: await inputOf(next), workerOutput: killFirstAttempt(1), duplicate: () => ++sends % 3 === 0 });
    expect(sim.killed).toBeGreaterThan(0);
    const single = await singleProcess(next, cold.output, cold.state);
    expect(await differing(output, single.output)).toEqual([]);
    // Only the content cache may differ (this coordinator caches no member it did not keep).
    expect((await differing(state, single.state, WORK_PREFIX)).filter((k) => k !== CONTENT_CACHE_KEY)).toEqual([]);
    expect(sim.report.written).toEqual(single.report.written);
  });

  it('a coordinator that keeps no article content stores none in the units; workers read it from the sources, same bytes', async () => {
    const files = corpus(120);
    const output = createMemoryStore();
    const state = createMemoryStore();
    const inputs: string[] = [];
    const watched: Store = {
      ...state,
      write(key, body, meta) {
        if (/\/inputs\/\d+\//.test(key)) inputs.push(typeof body === 'string' ? body : new TextDecoder().decode(body));
        return state.write(key, body, meta);
      },
    };
    await simulateRenderFanout({ config, input: await inputOf(files), output, state: watched, clock, renderBudget: 8, pageBatch: 40, workers: 4, parse: { budget: 5, batchSize: 30 }, contentInMemory: 0 });
    const single = await singleProcess(files);
    expect(await differing(output, single.output)).toEqual([]);
    // The content cache differs by design: a run that keeps no HTML caches none.
    expect(await differing(state, single.state, WORK_PREFIX)).toEqual([CONTENT_CACHE_KEY]);
    // No stored unit carries an article's HTML: a page source says where its content comes from, and so
    // does a current feed document for each item it shows in full.
    type StoredItem = { id: string; contentHtml: string };
    type Source = { kind: string; item?: StoredItem; items?: StoredItem[]; contentFrom?: { source: string; item?: number } | { source: string; item: number }[] };
    const sources = inputs.flatMap((text) => (JSON.parse(text) as { sources: Source[] }).sources);
    const pages = sources.filter((s) => s.kind === 'page');
    expect(pages).toHaveLength(121);
    for (const page of pages) {
      expect(page.contentFrom).toBeDefined();
      expect(page.item?.contentHtml).toBe('');
    }
    const currents = sources.filter((s) => s.kind === 'current');
    expect(currents.length).toBeGreaterThan(0);
    for (const current of currents) {
      for (const item of current.items ?? []) expect(item.contentHtml).toBe('');
      // Every item of a full-content feed reads its content: one reference per item, in order.
      expect((current.contentFrom as { item: number }[]).map((f) => f.item)).toEqual((current.items ?? []).map((_, i) => i));
    }
    // The feeds show the members' content all the same (checked in the bytes, not only against the other run).
    const siteFeed = JSON.parse(new TextDecoder().decode((await output.read('feed.json')) ?? new Uint8Array())) as { items: { content_html?: string }[] };
    expect(siteFeed.items.length).toBeGreaterThan(0);
    for (const item of siteFeed.items) expect(item.content_html ?? '').toMatch(/<p>/);
    // The pages themselves have their content (checked by hand against the source, not the other run).
    const pictured = new TextDecoder().decode((await output.read('articles/pictured.html')) ?? new Uint8Array());
    expect(pictured).toContain('src="https://render.example/assets/img/map.png"');
  });

  it('a re-run unit writes the same bytes and stores the same result', async () => {
    const files = corpus(12);
    const output = createMemoryStore();
    const state = createMemoryStore();
    const sent: { runId: string; batch: number }[] = [];
    const queue = { enqueueBatches: async (m: { runId: string; batch: number }[]) => void sent.push(...m), requestAssemble: async () => {} };
    const renderer = createStoredUnitsRenderer({ work: state, queue, budget: 5, pageBatch: 4, now: clock });
    await expect(publishSite({ config, input: await inputOf(files), output, state, clock, log: silentLogger, renderer })).rejects.toBeInstanceOf(FanoutPending);
    const first = sent[0];
    if (!first) throw new Error('no unit was sent');
    expect(await runRenderMessage({ work: state, queue, output }, first.runId, first.batch)).toBe(true);
    const resultKey = (await state.list(`${WORK_PREFIX}${first.runId}/units/`))[0] as string;
    const stored = await state.read(resultKey);
    const written = await snapshot(output);
    expect(written.size).toBeGreaterThan(0);
    // Lost after the writes (a crash before the message was deleted): the unit runs again from scratch.
    await state.delete(resultKey);
    expect(await runRenderMessage({ work: state, queue, output }, first.runId, first.batch)).toBe(true);
    expect(await state.read(resultKey)).toEqual(stored);
    expect(await snapshot(output)).toEqual(written);
    // A parse run id is not a render stage: the worker leaves it to the batch path.
    expect(await runRenderMessage({ work: state, queue, output }, 'ab'.repeat(16), 0)).toBe(false);
  });

  it('a render unit that reaches the dead-letter queue is reported and dropped; its stage stays pending', async () => {
    const files = corpus(8);
    const state = createMemoryStore();
    const sent: { runId: string; batch: number }[] = [];
    const queue = { enqueueBatches: async (m: { runId: string; batch: number }[]) => void sent.push(...m), requestAssemble: async () => {} };
    const renderer = createStoredUnitsRenderer({ work: state, queue, budget: 3, pageBatch: 4, now: clock });
    const publish = () => publishSite({ config, input: createMemoryStore(files), output: createMemoryStore(), state, clock, log: silentLogger, renderer });
    await expect(publish()).rejects.toBeInstanceOf(FanoutPending);
    const first = sent[0] as { runId: string; batch: number };
    const problems: { reason: string }[] = [];
    const answer = await handleDeadLetters({ work: state, queue }, [{ messageId: 'd1', body: JSON.stringify(first) }], { maxReceiveCount: 3, report: (p) => problems.push(p) });
    expect(answer.batchItemFailures).toEqual([]);
    expect(problems.map((p) => p.reason)).toEqual([`render unit ${first.batch} failed 3 times; the run sends it again after the resend age`]);
    // Not a failed batch of sources: nothing is recorded, the stage waits for that unit.
    await expect(publish()).rejects.toMatchObject({ runId: first.runId, enqueued: false });
    // Past the resend age the missing units are sent again (all of stage 1 here: none has landed).
    const later = createStoredUnitsRenderer({ work: state, queue, budget: 3, pageBatch: 4, now: fixedClock('2026-06-01T02:00:00Z') });
    const before = sent.length;
    await expect(publishSite({ config, input: createMemoryStore(files), output: createMemoryStore(), state, clock, log: silentLogger, renderer: later })).rejects.toMatchObject({
      runId: first.runId,
      enqueued: true,
    });
    expect(sent.slice(before)).toEqual(sent.slice(0, before));
  });

  it('a run under the budget renders here and stores no work', async () => {
    const files = corpus(3);
    const state = createMemoryStore();
    const renderer = createStoredUnitsRenderer({ work: state, queue: { enqueueBatches: async () => {}, requestAssemble: async () => {} }, budget: 1_000, pageBatch: 4, now: clock });
    const output = createMemoryStore();
    await publishSite({ config, input: await inputOf(files), output, state, clock, log: silentLogger, renderer });
    expect(await state.list(WORK_PREFIX)).toEqual([]);
    expect(await snapshot(output)).toEqual(await snapshot((await singleProcess(files)).output));
  });

  it('a render run left unfinished is not trusted by a later run over the same inputs', async () => {
    const files = corpus(10);
    const { output, state } = await singleProcess(files);
    const pointerOf = async () => JSON.parse(new TextDecoder().decode((await state.read(RENDER_POINTER_KEY)) ?? new Uint8Array())) as { renderId: string; consumed: boolean };
    const ids: string[] = [];
    // Twice the same inputs and the same recorded state: only the listing differs (a page deleted by hand).
    for (let round = 0; round < 2; round++) {
      await output.delete('articles/pictured.html');
      await simulateRenderFanout({ config, input: await inputOf(files), output, state, clock, renderBudget: 2, pageBatch: 5, workers: 2 });
      expect(output.objects.has('articles/pictured.html')).toBe(true);
      ids.push((await pointerOf()).renderId);
    }
    // The first round's continuation took the no-change path once the page was back (same bytes, same
    // listing as the last run), leaving its render run unfinished; the second round found that run by
    // the same identity, saw its page result contradicted by the listing, and rendered again.
    expect(ids[1]).not.toBe(ids[0]);
    expect(stageRunId(ids[1] as string, 1)).toMatch(/^[0-9a-f]{32}$/);
  });
});
