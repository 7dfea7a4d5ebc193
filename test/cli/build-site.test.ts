import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { buildSite } from '../../src/cli/build-site.js';
import { silentLogger } from '../../src/publish/logger.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';

const article = (title: string, date: string) => `---\ntitle: ${title}\ndate: ${date}\n---\n\nOne sentence here. Another one follows.\n`;

/** The input store, counting its scans. */
function countingInput(files: Record<string, string>): { input: Store; scans: () => number } {
  const store = createMemoryStore(files);
  let scans = 0;
  return {
    input: { ...store, scan: (prefix) => ((scans += 1), store.scan(prefix)) },
    scans: () => scans,
  };
}

describe('buildSite', () => {
  it('with nothing changed, scans the input once for the digests and the publish (each scanned it)', async () => {
    const config = parseConfig({
      site: { title: 'B', baseUrl: 'https://b.example/' },
      digests: [{ id: 'daily', schedule: { every: 'day', at: '07:00' } }],
    });
    const { input, scans } = countingInput({ 'a.md': article('A', '2026-01-01'), 'b.md': article('B', '2026-01-02') });
    const deps = { config, input, output: createMemoryStore(), state: createMemoryStore(), clock: fixedClock('2026-02-01T08:00:00Z'), log: silentLogger };

    const first = await buildSite(config, deps, {});
    expect(first.publish.articles).toBe(2);
    expect(first.publish.written.length).toBeGreaterThan(0);
    expect(first.digests.map((d) => d.id)).toEqual(['daily']);

    // The index now lists the digest feed: one more run settles it, then nothing changes.
    await buildSite(config, deps, {});
    const before = scans();
    const third = await buildSite(config, deps, {});
    expect(third.publish.written).toEqual([]);
    expect(third.digests[0]?.report.written).toEqual([]);
    expect(scans() - before).toBe(1);
  });

  // A run that publishes hands its articles to the digests: they do not list the input, read the state and
  // prepare every article again (what a digest sees either way: test/publish/published-site.test.ts).
  it('with an article added, scans the input once and issues the digest from the articles the publish made', async () => {
    const config = parseConfig({
      site: { title: 'B', baseUrl: 'https://b.example/' },
      digests: [{ id: 'daily', schedule: { every: 'day', at: '07:00' }, timeZone: 'UTC' }],
    });
    const { input, scans } = countingInput({ 'a.md': article('A', '2026-01-20T10:00:00Z') });
    const deps = { config, input, output: createMemoryStore(), state: createMemoryStore(), clock: fixedClock('2026-02-01T08:00:00Z'), log: silentLogger };
    await buildSite(config, deps, {});
    await buildSite(config, deps, {});

    await input.write('b.md', article('B', '2026-01-31T10:00:00Z'), { contentType: 'text/markdown', cacheControl: '' });
    const before = scans();
    const added = await buildSite(config, deps, {});
    expect(added.publish.articles).toBe(2);
    expect(scans() - before).toBe(1);
    expect(added.digests.map((d) => [d.id, d.report.issues])).toEqual([['daily', ['2026-02-01']]]);
    const issue = JSON.parse(new TextDecoder().decode((await deps.output.read('digests/daily/2026-02-01.json')) ?? new Uint8Array())) as { sections: { articles: { title: string }[] }[] };
    expect(issue.sections.flatMap((s) => s.articles.map((a) => a.title))).toEqual(['B']);
  });

  it("after the run that issues a digest's first issue, a run with nothing changed writes no digest state", async () => {
    // The run that issues the daily digest's first issue publishes the site twice (the index lists the new
    // digest feed); the weekly digest's window (to Saturday, 31 January) was empty, and its note of that must outlive the
    // second publish, which rewrote the publisher state that note is keyed on.
    const config = parseConfig({
      site: { title: 'B', baseUrl: 'https://b.example/' },
      digests: [
        { id: 'daily', schedule: { every: 'day', at: '07:00' }, timeZone: 'UTC' },
        { id: 'weekly', schedule: { every: 'week', day: 'saturday', at: '07:00' }, timeZone: 'UTC' },
      ],
    });
    const { input } = countingInput({ 'a.md': article('A', '2026-01-31T10:00:00Z') });
    const deps = { config, input, output: createMemoryStore(), state: createMemoryStore(), clock: fixedClock('2026-02-01T08:00:00Z'), log: silentLogger };
    const first = await buildSite(config, deps, {});
    expect(first.digests.map((d) => [d.id, d.report.issues])).toEqual([
      ['daily', ['2026-02-01']],
      ['weekly', []],
    ]);
    const second = await buildSite(config, deps, {});
    expect(second.publish.written).toEqual([]);
    expect(second.publish.stateWritten).toEqual([]);
    expect(second.digests.map((d) => [d.id, d.report.written, d.report.stateWritten])).toEqual([
      ['daily', [], []],
      ['weekly', [], []],
    ]);
  });

  it('still rewrites an output object edited by hand after a no-change run', async () => {
    const config = parseConfig({ site: { title: 'B', baseUrl: 'https://b.example/' }, digests: [] });
    const { input } = countingInput({ 'a.md': article('A', '2026-01-01') });
    const output = createMemoryStore();
    const deps = { config, input, output, state: createMemoryStore(), clock: fixedClock('2026-02-01T08:00:00Z'), log: silentLogger };
    await buildSite(config, deps, {});
    expect((await buildSite(config, deps, {})).publish.written).toEqual([]);

    await output.write('feed.xml', 'edited', { contentType: 'application/rss+xml', cacheControl: '' });
    const repaired = await buildSite(config, deps, {});
    expect(repaired.publish.written).toContain('feed.xml');
    expect(new TextDecoder().decode((await output.read('feed.xml')) ?? new Uint8Array())).toContain('<rss');
  });

  it('tells how many article sources the input holds before it publishes anything', async () => {
    const config = parseConfig({ site: { title: 'B', baseUrl: 'https://b.example/' }, digests: [] });
    const { input } = countingInput({ 'a.md': article('A', '2026-01-01'), 'b.md': article('B', '2026-01-02'), 'pictures/b.png': 'not an article' });
    const output = createMemoryStore();
    const deps = { config, input, output, state: createMemoryStore(), clock: fixedClock('2026-02-01T08:00:00Z'), log: silentLogger };
    const told: { sources: number; published: number }[] = [];
    const result = await buildSite(config, deps, { onListed: (sources) => void told.push({ sources, published: output.objects.size }) });
    expect(told).toEqual([{ sources: 2, published: 0 }]);
    expect(result.publish.articles).toBe(2);
  });
});

describe('buildSite with digests, when the publish is refused', () => {
  const config = parseConfig({
    site: { title: 'B', baseUrl: 'https://b.example/' },
    digests: [{ id: 'daily', schedule: { every: 'day', at: '07:00' } }],
  });
  const meta = { contentType: 'text/html', cacheControl: '' };
  const inputOf = (count: number) => countingInput(Object.fromEntries(Array.from({ length: count }, (_, i) => [`a${i}.md`, article(`Story ${i}`, `2026-01-${String(10 + i).padStart(2, '0')}T09:00:00Z`)])));

  it("writes no digest into another tool's site (the publish refuses it: nothing is changed)", async () => {
    const output = createMemoryStore();
    await output.write('index.html', 'OTHER TOOL', meta);
    await output.write('digests/daily/index.html', 'OTHER TOOL', meta);
    const before = new Map([...output.objects].map(([key, o]) => [key, o.body]));
    // The newest story is in the daily window that ended at 07:00: an issue is due.
    const deps = { config, input: inputOf(3).input, output, state: createMemoryStore(), clock: fixedClock('2026-01-13T08:00:00Z'), log: silentLogger };
    await expect(buildSite(config, deps, {})).rejects.toMatchObject({ code: 'foreign-output-refused' });
    expect(new Map([...output.objects].map(([key, o]) => [key, o.body]))).toEqual(before);
  });

  it('writes no digest when the mass-deletion guard refuses the run', async () => {
    const output = createMemoryStore();
    const state = createMemoryStore();
    await buildSite(config, { config, input: inputOf(10).input, output, state, clock: fixedClock('2026-01-20T08:00:00Z'), log: silentLogger }, {});
    const before = new Map([...output.objects].map(([key, o]) => [key, o.body]));
    // A day later, most of the input is gone (a partial checkout) and one new story is in the day's window.
    const { input } = countingInput({ 'a0.md': article('Story 0', '2026-01-10T09:00:00Z'), 'new.md': article('New', '2026-01-20T09:00:00Z') });
    const deps = { config, input, output, state, clock: fixedClock('2026-01-21T08:00:00Z'), log: silentLogger };
    await expect(buildSite(config, deps, {})).rejects.toMatchObject({ code: 'mass-delete-refused' });
    expect(new Map([...output.objects].map(([key, o]) => [key, o.body]))).toEqual(before);
  });

  it('lists a digest in the index and OPML from the run that issues its first issue', async () => {
    const output = createMemoryStore();
    const deps = { config, input: inputOf(3).input, output, state: createMemoryStore(), clock: fixedClock('2026-01-13T08:00:00Z'), log: silentLogger };
    const first = await buildSite(config, deps, {});
    expect(first.digests[0]?.report.written).toContain('digests/daily/feed.xml');
    const text = (key: string) => new TextDecoder().decode(output.objects.get(key)?.body ?? new Uint8Array());
    expect(text('feeds.opml')).toContain('digests/daily/feed.xml');
    expect(first.publish.written).toEqual(expect.arrayContaining(['feed.xml', 'feeds.opml', 'index.html']));
    // One run's report: the state objects it names are those left (the second publish replaced some shards).
    expect(first.publish.stateWritten.filter((key) => !deps.state.objects.has(key))).toEqual([]);
    const second = await buildSite(config, deps, {});
    expect([second.publish.written, second.digests[0]?.report.written]).toEqual([[], []]);
  });
});
