import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { ContentSourceError } from '../../src/publish/page-content.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';
import { simulateRenderFanout } from '../support/render-simulation.js';

// A site of many full-content feeds (thousands of categories, each current document showing its newest
// items in full) has more feed members than a run keeps in memory (`contentInMemory`). Then no member's
// content is held or cached: a current document reads its members again when, and only when, it is
// rendered. That must be invisible in the output, and an edit to a member's content must still reach
// every feed that shows it, although the document's signature is made without the content in hand.
const config = parseConfig({ site: { title: 'Many feeds', baseUrl: 'https://site.example/' }, feed: { size: 2, archivePageSize: 2 } });
const meta = { contentType: '', cacheControl: '' };
type Mem = ReturnType<typeof createMemoryStore>;
const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const snapshot = (store: Mem) => Object.fromEntries([...store.objects].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, decode(v.body)]));
const withoutCache = (store: Mem) => {
  const { 'feed-content.json': _cache, ...rest } = snapshot(store);
  return rest;
};

const story = (i: number, category: string, body: string) =>
  `---\ntitle: Story ${i}\ndate: 2026-01-${String((i % 28) + 1).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z\ncategories: [${category}]\n---\n\n${body}\n`;

/** Counts reads per key, so a test sees which sources a run parsed. */
function counting(store: Store): Store & { reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    ...store,
    reads,
    read: async (key) => {
      reads.set(key, (reads.get(key) ?? 0) + 1);
      return store.read(key);
    },
  };
}

async function publish(input: Store, output: Mem, state: Mem, now: string, contentInMemory?: number, force = false) {
  return publishSite(
    { config, input, output, state, clock: fixedClock(now), log: silentLogger, ...(contentInMemory === undefined ? {} : { contentInMemory }) },
    { allowMassDelete: true, ...(force ? { force: true } : {}) },
  );
}

describe('feed members a run does not keep', () => {
  it('an edit to a cached member\'s content reaches every feed that shows it; the run reads only what it renders', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`s${String(i).padStart(2, '0')}.md`] = story(i, `c${i % 10}`, `Body of story ${i}.`);
    const input = counting(createMemoryStore(files));
    const output = createMemoryStore();
    const state = createMemoryStore();
    // 10 category feeds of 2 items and the site feed: more than 4 members, so none is kept.
    await publish(input, output, state, '2026-03-01T00:00:00Z', 4);
    // Only a link's target changes, and the article states its own updated date: title, dates and summary
    // stay, so nothing but the content (and the print of its source) tells the feeds it changed.
    const edited = 's27.md';
    const before = story(27, 'c7', 'Body of story 27, see [the report](https://a.example/draft).').replace('---\n\n', 'updated: 2026-02-01T00:00:00Z\n---\n\n');
    await input.write(edited, before, meta);
    await publish(input, output, state, '2026-03-01T12:00:00Z', 4);
    await input.write(edited, before.replace('/draft', '/corrected'), meta);
    input.reads.clear();
    const report = await publish(input, output, state, '2026-03-02T00:00:00Z', 4);
    // Read back as JSON Feed: the category feed carries the new body.
    const items = (key: string) => (JSON.parse(snapshot(output)[key] ?? '{"items":[]}') as { items: { title: string; content_html?: string }[] }).items;
    const category = items('categories/c7/feed.json');
    expect(category.find((e) => e.title === 'Story 27')?.content_html).toContain('corrected');
    // What it read: the edited source (its stage, its page, its feeds), and the other members of the two
    // current documents that show it (its category's and, as it is among the newest, the site feed's) —
    // never the members of feeds whose documents kept their signature.
    const read = [...input.reads.keys()].filter((k) => k.endsWith('.md')).sort();
    expect(read).toContain(edited);
    const shown = new Set([...items('feed.json'), ...category].map((e) => `s${e.title.replace('Story ', '').padStart(2, '0')}.md`));
    expect(read.every((k) => shown.has(k)), `read ${read.join(', ')}; shown ${[...shown].join(', ')}`).toBe(true);
    expect(report.written).toContain('categories/c7/feed.xml');
    expect(report.written).not.toContain('categories/c3/feed.xml');
    // Nothing was cached for the next run: the members are read again where needed instead.
    expect(Object.keys((JSON.parse(snapshot(state)['feed-content.json'] ?? '{}') as { entries: object }).entries)).toEqual([]);
  });

  it('any site and edits: a run that keeps no member equals one that keeps them all, and a forced run', async () => {
    const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('body', 'title', 'category', 'add', 'delete') });
    await fc.assert(
      // Unicode, spaces and markup characters in the sources' folders, the categories and the text.
      fc.asyncProperty(
        fc.integer({ min: 2, max: 14 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('', 'é/', 'Ω 中/', 'a & b/', '😀/x y/'),
        fc.constantFrom('k', 'Ω', '中文', 'a<b', 'é '),
        fc.string({ unit: 'grapheme', maxLength: 12 }).map((t) => t.replace(/[\\`*_[\]#<>&\n\r]/g, '')),
        async (count, categories, edits, place, desk, text) => {
        const files = new Map<string, string>();
        for (let i = 0; i < count; i++) files.set(`${place}s${i}.md`, story(i, `${desk}${i % categories}`, `Text ${i} ${text} [up](#top) Ω.`));
        const inputs = { kept: createMemoryStore(Object.fromEntries(files)), lazy: createMemoryStore(Object.fromEntries(files)) };
        const kept = { output: createMemoryStore(), state: createMemoryStore() };
        const lazy = { output: createMemoryStore(), state: createMemoryStore() };
        await publish(inputs.kept, kept.output, kept.state, '2026-03-01T00:00:00Z');
        await publish(inputs.lazy, lazy.output, lazy.state, '2026-03-01T00:00:00Z', 1);
        expect(snapshot(lazy.output)).toEqual(snapshot(kept.output));
        let day = 2;
        let next = count;
        for (const { at, kind } of edits) {
          const keys = [...files.keys()];
          const key = keys[at % keys.length] as string;
          const text = files.get(key) as string;
          if (kind === 'body') files.set(key, text.replace(/\n\n(.*)\n$/, (_, body: string) => `\n\n${body} More.\n`));
          else if (kind === 'title') files.set(key, text.replace(/title: (.*)/, 'title: $1 again'));
          else if (kind === 'category') files.set(key, text.replace(/categories: \[(.*)\]/, 'categories: [$1x]'));
          else if (kind === 'add') files.set(`${place}s${next}.md`, story(next++, `${desk}0`, `New ${next}.`));
          else if (files.size > 1) files.delete(key);
          for (const store of [inputs.kept, inputs.lazy]) {
            for (const k of await store.list('')) if (!files.has(k)) await store.delete(k);
            for (const [k, v] of files) await store.write(k, v, meta);
          }
          const now = `2026-03-${String(day++).padStart(2, '0')}T00:00:00Z`;
          await publish(inputs.kept, kept.output, kept.state, now);
          // One change at a time: the run itself keeps the changed article; the members stay unkept.
          await publish(inputs.lazy, lazy.output, lazy.state, now, 1);
          expect(snapshot(lazy.output)).toEqual(snapshot(kept.output));
          expect(withoutCache(lazy.state)).toEqual(withoutCache(kept.state));
        }
        // A forced run from the same state renders every document again: the incremental one missed nothing.
        const forced = { output: createMemoryStore(), state: createMemoryStore() };
        for (const [k, v] of lazy.output.objects) forced.output.objects.set(k, { ...v, body: v.body.slice() });
        for (const [k, v] of lazy.state.objects) forced.state.objects.set(k, { ...v, body: v.body.slice() });
        await publish(inputs.lazy, forced.output, forced.state, `2026-03-${String(day).padStart(2, '0')}T00:00:00Z`, 1, true);
        expect(snapshot(forced.output)).toEqual(snapshot(lazy.output));
      }),
      { numRuns: 25 },
    );
  });

  it('fanned out, an incremental run stores where the members come from and equals one process', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 24; i++) files[`s${String(i).padStart(2, '0')}.md`] = story(i, `c${i % 8}`, `Story ${i} [source](https://a.example/${i}).`);
    const single = { input: createMemoryStore(files), output: createMemoryStore(), state: createMemoryStore() };
    const fanned = { input: createMemoryStore(files), output: createMemoryStore(), state: createMemoryStore() };
    await publish(single.input, single.output, single.state, '2026-03-01T00:00:00Z', 1);
    await publish(fanned.input, fanned.output, fanned.state, '2026-03-01T00:00:00Z', 1);
    // One member's link changes: one changed source (kept), every other member unkept.
    for (const store of [single.input, fanned.input]) await store.write('s21.md', (files['s21.md'] ?? '').replace('a.example/21', 'b.example/21'), meta);
    await publish(single.input, single.output, single.state, '2026-03-02T00:00:00Z', 1);
    const inputs: string[] = [];
    const watched: Store = {
      ...fanned.state,
      write(key, body, meta) {
        if (/\/inputs\/\d+\//.test(key)) inputs.push(typeof body === 'string' ? body : new TextDecoder().decode(body));
        return fanned.state.write(key, body, meta);
      },
    };
    await simulateRenderFanout({ config, input: fanned.input, output: fanned.output, state: watched, clock: fixedClock('2026-03-02T00:00:00Z'), renderBudget: 1, pageBatch: 4, workers: 3, contentInMemory: 1 });
    expect(snapshot(fanned.output)).toEqual(snapshot(single.output));
    // The documents that show the changed article were stored: it with its content, the other members by reference.
    type Item = { id: string; contentHtml: string };
    const currents = inputs.flatMap((t) => (JSON.parse(t) as { sources: { kind: string; items?: Item[]; contentFrom?: { item: number; source: string }[] }[] }).sources).filter((s) => s.kind === 'current');
    expect(currents.length).toBeGreaterThan(0);
    for (const current of currents) {
      const referenced = new Set((current.contentFrom ?? []).map((f) => f.item));
      (current.items ?? []).forEach((item, i) => {
        if (item.contentHtml.includes('b.example/21')) expect(referenced.has(i)).toBe(false);
        else expect([referenced.has(i), item.contentHtml]).toEqual([true, '']);
      });
    }
    expect(currents.some((c) => (c.items ?? []).some((i) => i.contentHtml.includes('b.example/21')))).toBe(true);
  });

  it('a cached member whose source vanishes after the listing stops the run naming it; the feeds stay as they were', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`s${i}.md`] = story(i, 'one', `Story ${i}.`);
    const input = createMemoryStore(files);
    const output = createMemoryStore();
    const state = createMemoryStore();
    await publish(input, output, state, '2026-03-01T00:00:00Z');
    const before = snapshot(output);
    // The cache is gone (its members are parsed again), a new article changes the feeds, and the newest
    // cached member's source is listed but cannot be read by the time its content is wanted.
    state.objects.delete('feed-content.json');
    await input.write('s9.md', story(9, 'one', 'Newest.').replace(/date: .*/, 'date: 2026-02-01T00:00:00Z'), meta);
    const newestCached = 's5.md';
    const racing: Store = { ...input, read: async (key) => (key === newestCached ? null : input.read(key)) };
    const error = await publish(racing, output, state, '2026-03-02T00:00:00Z').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentSourceError);
    expect((error as ContentSourceError).path).toBe(newestCached);
    const after = snapshot(output);
    for (const key of Object.keys(before).filter((k) => k.includes('feed'))) expect(after[key], key).toBe(before[key]);
    // Readable again: the next run publishes the new article and keeps the member's content.
    await publish(input, output, state, '2026-03-03T00:00:00Z');
    const feed = JSON.parse(snapshot(output)['feed.json'] ?? '{}') as { items: { title: string; content_html?: string }[] };
    expect(feed.items.map((i) => i.title).slice(0, 2)).toEqual(['Story 9', 'Story 5']);
    expect(feed.items[1]?.content_html).toContain('Story 5.');
  });

  it('past 2,000 feed members (42 full-content feeds of 50), even a cold run that keeps every article caches no member', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2100; i++) files[`s${String(i).padStart(4, '0')}.md`] = `---\ntitle: Story ${i}\ndate: ${new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString()}\ncategories: [desk${i % 42}]\n---\n\nBody ${i}.\n`;
    const wide = parseConfig({ site: { title: 'Wide', baseUrl: 'https://site.example/' } });
    const input = counting(createMemoryStore(files));
    const output = createMemoryStore();
    const state = createMemoryStore();
    const run = (now: string) => publishSite({ config: wide, input, output, state, clock: fixedClock(now), log: silentLogger });
    await run('2026-03-01T00:00:00Z');
    expect(Object.keys((JSON.parse(snapshot(state)['feed-content.json'] ?? '{}') as { entries: object }).entries)).toEqual([]);
    // Every current document shows its members in full all the same (checked in one desk's JSON Feed).
    const desk = JSON.parse(snapshot(output)['categories/desk7/feed.json'] ?? '{}') as { items: { content_html?: string }[] };
    expect(desk.items).toHaveLength(50);
    for (const item of desk.items) expect(item.content_html).toMatch(/^<p>Body \d+\.<\/p>/);
    // Adding one article reads it and the members of the two documents that show it, not the 2,100.
    input.reads.clear();
    await input.write('new.md', `---\ntitle: New\ndate: 2026-02-01T00:00:00Z\ncategories: [desk7]\n---\n\nNew body.\n`, meta);
    await run('2026-03-02T00:00:00Z');
    const sources = [...input.reads.keys()].filter((k) => k.endsWith('.md'));
    expect(sources).toContain('new.md');
    expect(sources.length).toBeLessThanOrEqual(1 + 50 + 50);
  }, 60_000);
});
