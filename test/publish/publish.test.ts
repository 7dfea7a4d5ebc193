import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { CONTENT_CACHE_KEY } from '../../src/publish/content-cache.js';
import { publishSite } from '../../src/publish/publish.js';
import { STATE_KEY, SUMMARY_KEY, StateError, readState, serializeState } from '../../src/publish/state.js';
import { createLocalStore } from '../../src/storage/local-store.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';
import { xmlProblem } from '../support/feed-parsers.js';

const config = parseConfig({ site: { title: 'Test Site', baseUrl: 'https://site.example/' } });

const para = (n: number) =>
  `This is sentence one of story ${n}. It carries a second sentence with details. A third sentence closes the paragraph.`;

function sources(): Record<string, string> {
  return {
    'alpha.md': `---\ntitle: Alpha story\ndate: 2026-01-10\ncategories: [science]\n---\n\n${para(1)}\n`,
    'beta.md': `---\ntitle: Beta story\ndate: 2026-01-11\ncategories: [science, space]\nauthor: Bea Author\n---\n\n${para(2)}\n`,
    'gamma.txt': `Gamma story\n\n${para(3)}\n`,
    'broken.md': `---\ntitle: [unclosed\n---\n\nBody.\n`,
    'notes/ignored.png': 'not an article',
  };
}

// Each output gets its own private state store (as a real site does), kept across runs.
const states = new WeakMap<Store, ReturnType<typeof createMemoryStore>>();
function stateFor(output: Store): ReturnType<typeof createMemoryStore> {
  let state = states.get(output);
  if (!state) states.set(output, (state = createMemoryStore()));
  return state;
}

function deps(input: Store, output: Store, now = '2026-02-01T12:00:00Z', state: Store = stateFor(output)) {
  return { config, input, output, state, clock: fixedClock(now), log: silentLogger };
}

const text = (store: ReturnType<typeof createMemoryStore>, key: string) => {
  const o = store.objects.get(key);
  return o ? new TextDecoder().decode(o.body) : undefined;
};

describe('publishSite', () => {
  it('publishes feeds, category feeds, pages, index and OPML, and reports the broken article with its path', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    const report = await publishSite(deps(input, output));
    expect(report.articles).toBe(3);
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]?.path).toBe('broken.md');
    expect(report.rejected[0]?.reason).toMatch(/yaml|front matter/i);
    const keys = [...output.objects.keys()].sort();
    expect(stateFor(output).objects.has(STATE_KEY)).toBe(true);
    for (const key of ['feed.xml', 'atom.xml', 'feed.json', 'index.html', 'feeds.opml', 'categories/science/feed.xml', 'categories/space/atom.xml', 'categories/space/feed.json', 'articles/alpha-story.html', 'articles/gamma-story.html']) {
      expect(keys).toContain(key);
    }
    const rss = text(output, 'feed.xml') ?? '';
    expect(xmlProblem(rss)).toBeNull();
    const parsed = parseFeed(rss);
    expect(parsed.format).toBe('rss');
    if (parsed.format === 'rss') expect(parsed.feed.items?.map((i) => i.title)).toEqual(['Gamma story', 'Beta story', 'Alpha story']);
    const science = parseFeed(text(output, 'categories/science/atom.xml') ?? '');
    if (science.format === 'atom') expect(science.feed.entries).toHaveLength(2);
    expect(text(output, 'feeds.opml')).toContain('xmlUrl="https://site.example/categories/space/feed.xml"');
    // Each category has a page: the home page of its feeds, listing its articles, with autodiscovery.
    const space = text(output, 'categories/space/index.html') ?? '';
    expect(space).toContain('<link rel="alternate" type="application/atom+xml" title="Test Site: space (Atom)" href="https://site.example/categories/space/atom.xml">');
    expect(space).toContain('Beta story');
    expect(space).not.toContain('Alpha story');
    expect(space).toContain('href="../../feeds.opml"');
    expect(text(output, 'categories/space/feed.xml')).toContain('<link>https://site.example/categories/space/index.html</link>');
    // Every feed has its own Atom id, so readers never merge the site feed with a category feed.
    const atomIds = ['atom.xml', 'categories/science/atom.xml', 'categories/space/atom.xml'].map(
      (key) => /<feed[^>]*>\s*<id>([^<]+)<\/id>/.exec(text(output, key) ?? '')?.[1],
    );
    expect(atomIds).toEqual(['https://site.example/atom.xml', 'https://site.example/categories/science/atom.xml', 'https://site.example/categories/space/atom.xml']);
  });

  it('never modifies the input', async () => {
    const input = createMemoryStore(sources());
    await publishSite(deps(input, createMemoryStore()));
    expect(input.writes).toEqual([]);
    expect(input.deletes).toEqual([]);
  });

  it('writes nothing on a second run with no change, even at a later time', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output));
    output.writes.length = 0;
    const second = await publishSite(deps(input, output, '2026-03-01T00:00:00Z'));
    expect(second.written).toEqual([]);
    expect(output.writes).toEqual([]);
    expect(second.unchanged).toBeGreaterThan(10);
  });

  it('reads no article source when nothing changed, and still reports earlier rejections', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output));
    let reads = 0;
    const counting: Store = { ...input, read: (k) => (reads++, input.read(k)), list: (p) => input.list(p), listVersions: (p) => input.listVersions(p) };
    const report = await publishSite(deps(counting, output));
    expect(reads).toBe(0);
    expect(report.written).toEqual([]);
    expect(report.rejected.map((r) => r.path)).toEqual(['broken.md']);
    // A deleted output object is noticed and rewritten.
    await output.delete('feed.xml');
    const repaired = await publishSite(deps(input, output));
    expect(repaired.written).toContain('feed.xml');
  });

  // After a cold build the listing is not made again: the written keys' tokens are looked up. The next run
  // must still find the output exactly as recorded (a file the publisher does not own included) and read nothing.
  it('in a local folder too, the run after a cold build reads no article source; a hand edit is still seen', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'fw-publish-local-'));
    try {
      const input = createMemoryStore(sources());
      const output = createLocalStore(path.join(root, 'out'));
      const state = createLocalStore(path.join(root, 'state'));
      await output.write('CNAME', 'news.example.org', { contentType: 'text/plain', cacheControl: 'no-cache' });
      const cold = await publishSite(deps(input, output, undefined, state));
      expect(cold.written.length).toBeGreaterThan(10);
      let reads = 0;
      const counting: Store = { ...input, read: (k) => (reads++, input.read(k)) };
      const again = await publishSite(deps(counting, output, undefined, state));
      expect(reads).toBe(0);
      expect(again.written).toEqual([]);
      await writeFile(path.join(root, 'out', 'feed.xml'), 'edited by hand');
      const repaired = await publishSite(deps(input, output, undefined, state));
      expect(repaired.written).toContain('feed.xml');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  // Deleting the last file of a folder removes the folder: a category that loses its last article, an
  // archive that shrinks by a page, must not leave empty folders on the site (web servers list them,
  // rsync copies them). Checked on the files themselves: every folder left holds something.
  it('in a local folder, removals leave no empty folder in the output or the state', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'fw-publish-folders-'));
    const small = parseConfig({ site: { title: 'Test Site', baseUrl: 'https://site.example/' }, feed: { size: 2, archivePageSize: 2 } });
    const emptyFolders = async (dir: string) => {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      const folders = entries.filter((e) => e.isDirectory()).map((e) => path.join(e.parentPath, e.name));
      const used = new Set(entries.filter((e) => !e.isDirectory()).flatMap((e) => ancestors(e.parentPath, dir)));
      return folders.filter((f) => !used.has(f)).map((f) => path.relative(dir, f));
    };
    const ancestors = (folder: string, top: string): string[] => (folder === top ? [] : [folder, ...ancestors(path.dirname(folder), top)]);
    try {
      const input = createMemoryStore();
      for (let i = 1; i <= 9; i++) {
        await input.write(`s${i}.md`, `---\ntitle: Story ${i}\ndate: 2026-01-0${i}\ncategories: [topic-${i % 3}, only-${i}]\n---\n\n${para(i)}\n`, { contentType: '', cacheControl: '' });
      }
      const run = () =>
        publishSite(
          { config: small, input, output: createLocalStore(path.join(root, 'out')), state: createLocalStore(path.join(root, 'state')), clock: fixedClock('2026-02-01T12:00:00Z'), log: silentLogger },
          { allowMassDelete: true },
        );
      await run();
      const folders = (await readdir(path.join(root, 'out'), { recursive: true, withFileTypes: true })).filter((e) => e.isDirectory());
      expect(folders.map((e) => path.relative(path.join(root, 'out'), path.join(e.parentPath, e.name)))).toEqual(expect.arrayContaining(['categories/only-9', 'archive']));
      for (const removed of [['s9.md'], ['s1.md', 's2.md', 's3.md'], ['s4.md', 's5.md', 's6.md', 's7.md']]) {
        for (const key of removed) await input.delete(key);
        const report = await run();
        expect(report.deleted.length).toBeGreaterThan(0);
        expect(await emptyFolders(path.join(root, 'out')), removed.join()).toEqual([]);
        expect(await emptyFolders(path.join(root, 'state')), removed.join()).toEqual([]);
      }
      expect(await readdir(path.join(root, 'out', 'categories'))).toEqual(expect.arrayContaining(['only-8', 'topic-2']));
      expect(await readdir(path.join(root, 'out', 'categories'))).not.toContain('only-9');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  // A file changed on disk after this run wrote it but before the run ended (a sync tool, a hand edit in
  // the wrong minute) must not be recorded as verified: the next run has to find it changed and rewrite it.
  it('in a local folder, a file edited while the run is still going is rewritten by the next run', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'fw-publish-tamper-'));
    try {
      const input = createMemoryStore(sources());
      const local = createLocalStore(path.join(root, 'out'));
      const state = createLocalStore(path.join(root, 'state'));
      let edited = false;
      // Every other write of the run comes after feed.xml's; the edit lands before the run lists what it wrote.
      const editing: Store = {
        ...local,
        write: async (key, body, meta) => {
          await local.write(key, body, meta);
          if (key === 'sitemap.xml' && !edited) {
            edited = true;
            await writeFile(path.join(root, 'out', 'feed.xml'), 'edited while the run was going');
          }
        },
      };
      await publishSite(deps(input, editing, undefined, state));
      expect(edited).toBe(true);
      const next = await publishSite(deps(input, local, undefined, state));
      expect(next.written).toContain('feed.xml');
      expect(await readFile(path.join(root, 'out', 'feed.xml'), 'utf8')).toContain('<rss');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('gives byte-identical output for the same inputs and clock', async () => {
    const a = createMemoryStore();
    const b = createMemoryStore();
    await publishSite(deps(createMemoryStore(sources()), a));
    await publishSite(deps(createMemoryStore(sources()), b));
    expect([...a.objects.keys()].sort()).toEqual([...b.objects.keys()].sort());
    for (const [key, value] of a.objects) expect(Buffer.from(b.objects.get(key)?.body ?? []).equals(Buffer.from(value.body))).toBe(true);
  });

  it('keeps the first-seen date of an undated article and takes feed dates from items, not the clock', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output, '2026-02-01T12:00:00Z'));
    await publishSite(deps(input, output, '2026-05-05T05:05:05Z'));
    const json = JSON.parse(text(output, 'feed.json') ?? '{}') as { items: { title: string; date_published: string }[] };
    expect(json.items.find((i) => i.title === 'Gamma story')?.date_published).toBe('2026-02-01T12:00:00.000Z');
    expect(text(output, 'feed.xml')).toContain('<lastBuildDate>Sun, 01 Feb 2026 12:00:00 GMT</lastBuildDate>');
  });

  // The index shows summaries, so a body edit that changes the summary rewrites it too.
  it('rewrites only what depends on a changed article', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output));
    await input.write('alpha.md', `---\ntitle: Alpha story\ndate: 2026-01-10\ncategories: [science]\n---\n\n${para(9)}\n`, { contentType: 'text/markdown', cacheControl: '' });
    const report = await publishSite(deps(input, output, '2026-02-02T00:00:00Z'));
    // Of the 64 state shards, only those holding a changed record: the source's, its page's, the site
    // feeds' folder (feeds and index.html), the science feeds' folder, the sitemap's. At most five.
    expect(stateFor(output).objects.size).toBeGreaterThan(60);
    expect(report.stateWritten.filter((k) => k.startsWith('shards/')).length).toBeGreaterThan(0);
    expect(report.stateWritten.filter((k) => k.startsWith('shards/')).length).toBeLessThanOrEqual(5);
    expect([...report.written].sort()).toEqual(
      [
        'articles/alpha-story.html',
        'atom.xml',
        'feed.json',
        'feed.xml',
        'categories/science/index.html',
        'categories/science/atom.xml',
        'categories/science/feed.json',
        'categories/science/feed.xml',
        'index.html',
        // The sitemap carries each page's last change.
        'sitemap.xml',
      ].sort(),
    );
    // The changed article is in the feeds, so the feed-content cache holds its new content.
    expect(report.stateWritten.filter((k) => !k.startsWith('shards/')).sort()).toEqual([CONTENT_CACHE_KEY, STATE_KEY, SUMMARY_KEY].sort());
  });

  it('takes the content of unchanged feed articles from the cache instead of parsing their sources again', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output));
    await input.write('delta.md', `---\ntitle: Delta story\ndate: 2026-01-12\n---\n\n${para(4)}\n`, { contentType: 'text/markdown', cacheControl: '' });
    const read: string[] = [];
    const counting: Store = { ...input, read: async (key) => (read.push(key), input.read(key)) };
    await publishSite(deps(counting, output, '2026-02-02T00:00:00Z'));
    // alpha, beta and gamma are in the site feed, so without the cache all three would be read again.
    expect(read).toEqual(['delta.md']);
  });

  it('builds the same bytes whatever the feed-content cache holds (stale, foreign or broken)', async () => {
    const clean = createMemoryStore();
    await publishSite(deps(createMemoryStore(sources()), clean));
    const meta = { contentType: 'application/json', cacheControl: 'no-store' };
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output));
    const cache = JSON.parse(text(stateFor(output), CONTENT_CACHE_KEY) ?? '{}') as { renderKey: string; entries: Record<string, { html: string; version: string }> };
    const poisoned = (version: (v: string) => string) => ({
      ...cache,
      entries: Object.fromEntries(Object.entries(cache.entries).map(([k, e]) => [k, { ...e, html: '<p>stale</p>', version: version(e.version) }])),
    });
    for (const body of ['{"renderKey":', JSON.stringify({ ...poisoned((v) => v), renderKey: 'other' }), JSON.stringify(poisoned((v) => `${v}-old`))]) {
      await stateFor(output).write(CONTENT_CACHE_KEY, body, meta);
      // The input changes, so the run cannot take the no-change path.
      await input.write('zeta.md', `---\ntitle: Zeta story\ndate: 2025-06-01\n---\n\n${para(6)}\n`, meta);
      await publishSite(deps(input, output));
      await input.delete('zeta.md');
      await publishSite(deps(input, output));
      for (const [key, object] of clean.objects) expect(text(output, key), key).toBe(new TextDecoder().decode(object.body));
    }
    // The check can fail: a cache entry that still matches its source version is trusted.
    await stateFor(output).write(CONTENT_CACHE_KEY, JSON.stringify(poisoned((v) => v)), meta);
    await input.write('zeta.md', `---\ntitle: Zeta story\ndate: 2025-06-01\n---\n\n${para(6)}\n`, meta);
    await publishSite(deps(input, output));
    expect(text(output, 'feed.xml')).toContain('stale');
  });

  it('deletes the page of a removed article and drops it from feeds', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output));
    await input.delete('gamma.txt');
    const report = await publishSite(deps(input, output));
    expect(report.deleted).toEqual(['articles/gamma-story.html']);
    expect(output.objects.has('articles/gamma-story.html')).toBe(false);
    expect(text(output, 'feed.xml')).not.toContain('Gamma story');
  });

  it('takes unchanged articles from the item cache without re-reading or re-summarizing them', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output));
    const state = await readState(stateFor(output));
    const gammaKey = Object.keys(state.items).find((k) => state.items[k]?.title === 'Gamma story') as string;
    // Plant a sentinel: if gamma were parsed and summarized again, the sentinel would not reach the index.
    (state.items[gammaKey] as { summary: string }).summary = 'SENTINEL cached item';
    await stateFor(output).write(STATE_KEY, JSON.stringify(state), { contentType: 'application/json', cacheControl: 'no-store' });
    await input.write('alpha.md', `---\ntitle: Alpha story\ndate: 2026-01-10\n---\n\n${para(7)}\n`, { contentType: '', cacheControl: '' });
    const reads: string[] = [];
    const counting: Store = { ...input, read: (k) => (reads.push(k), input.read(k)), list: (p) => input.list(p), listVersions: (p) => input.listVersions(p) };
    const report = await publishSite(deps(counting, output));
    expect(text(output, 'index.html')).toContain('SENTINEL cached item');
    // alpha changed; gamma is read again only for its feed content, never summarized (the sentinel stays).
    expect(reads).toContain('alpha.md');
    expect(report.written).not.toContain('articles/gamma-story.html');
  });

  it('reads a single-file (version 1) state once and writes it sharded, keeping its records', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output));
    const before = await readState(stateFor(output));
    const legacyState = createMemoryStore({ [STATE_KEY]: serializeState(before) });
    await input.write('delta.md', `---\ntitle: Delta story\ndate: 2026-01-12\n---\n\n${para(4)}\n`, { contentType: '', cacheControl: '' });
    await publishSite(deps(input, output, '2026-03-01T00:00:00Z', legacyState));
    const manifest = JSON.parse(text(legacyState, STATE_KEY) ?? '{}') as { version: number; shards: string[] };
    expect(manifest.version).toBe(2);
    expect(manifest.shards).toHaveLength(64);
    for (const name of manifest.shards) expect(legacyState.objects.has(name)).toBe(true);
    const after = await readState(legacyState);
    for (const [key, record] of Object.entries(before.articles)) expect(after.articles[key]).toEqual(record);
    expect(Object.keys(after.articles)).toHaveLength(Object.keys(before.articles).length + 1);
  });

  it('reports a shard that does not match the manifest (exit 3, naming it) and deletes shards no manifest names', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output));
    const state = stateFor(output);
    await state.write('shards/07-0000000000000000.json', '{}', { contentType: '', cacheControl: '' });
    await input.write('delta.md', `---\ntitle: Delta story\ndate: 2026-01-12\n---\n\n${para(4)}\n`, { contentType: '', cacheControl: '' });
    await publishSite(deps(input, output));
    expect(state.objects.has('shards/07-0000000000000000.json')).toBe(false);
    const manifest = JSON.parse(text(state, STATE_KEY) ?? '{}') as { shards: string[] };
    const shard = manifest.shards[0] as string;
    await state.write(shard, '{"sources":{}}\n', { contentType: '', cacheControl: '' });
    await input.write('epsilon.md', `---\ntitle: Epsilon story\ndate: 2026-01-13\n---\n\n${para(5)}\n`, { contentType: '', cacheControl: '' });
    const failure = await publishSite(deps(input, output)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StateError);
    expect((failure as StateError).exitCode).toBe(3);
    expect((failure as StateError).message).toContain(shard);
  });

  it('keeps the summary of unchanged content when everything is parsed again', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output));
    const state = await readState(stateFor(output));
    const gammaKey = Object.keys(state.items).find((k) => state.items[k]?.title === 'Gamma story') as string;
    expect(state.items[gammaKey]?.summary).toContain('story 3');
    (state.items[gammaKey] as { summary: string }).summary = 'SENTINEL cached summary';
    await stateFor(output).write(STATE_KEY, JSON.stringify(state), { contentType: 'application/json', cacheControl: 'no-store' });
    // force parses every source again; the summary must still come from the cache.
    await publishSite(deps(input, output), { force: true });
    expect(text(output, 'feed.json')).toContain('SENTINEL cached summary');
  });

  it('writes the same bytes incrementally as a full rebuild from the same state', async () => {
    const input = createMemoryStore(sources());
    const incremental = createMemoryStore();
    await publishSite(deps(input, incremental));
    const full = createMemoryStore();
    for (const [k, v] of incremental.objects) full.objects.set(k, { body: v.body.slice() });
    for (const [k, v] of stateFor(incremental).objects) stateFor(full).objects.set(k, { body: v.body.slice() });
    await input.write('delta.md', `---\ntitle: Delta story\ndate: 2026-01-20\ncategories: [space]\n---\n\n${para(4)}\n`, { contentType: '', cacheControl: '' });
    await input.write('alpha.md', `---\ntitle: Alpha story\ndate: 2026-01-10\n---\n\n${para(8)}\n`, { contentType: '', cacheControl: '' });
    await input.delete('gamma.txt');
    const inc = await publishSite(deps(input, incremental, '2026-02-03T00:00:00Z'));
    await publishSite(deps(input, full, '2026-02-03T00:00:00Z'), { force: true });
    // Beta's newer neighbour changed (gamma left, delta came), so its page is rendered again; nothing else is.
    expect(inc.written.filter((k) => k.startsWith('articles/')).sort()).toEqual(['articles/alpha-story.html', 'articles/beta-story.html', 'articles/delta-story.html']);
    expect([...incremental.objects.keys()].sort()).toEqual([...full.objects.keys()].sort());
    for (const [key, value] of full.objects) {
      expect(new TextDecoder().decode(incremental.objects.get(key)?.body), key).toBe(new TextDecoder().decode(value.body));
    }
  });

  it('dry run computes the report and writes nothing', async () => {
    const output = createMemoryStore();
    const report = await publishSite(deps(createMemoryStore(sources()), output), { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.written.length).toBeGreaterThan(5);
    expect(output.writes).toEqual([]);
  });

  it('leaves the previous feeds valid when a run dies midway, and converges on the next run', async () => {
    const input = createMemoryStore(sources());
    const output = createMemoryStore();
    await publishSite(deps(input, output));
    const before = text(output, 'feed.xml');
    await input.write('delta.md', `---\ntitle: Delta story\ndate: 2026-01-20\ncategories: [science]\n---\n\n${para(4)}\n`, { contentType: '', cacheControl: '' });
    let writes = 0;
    const flaky: Store = {
      ...output,
      description: 'flaky',
      list: (p) => output.list(p),
      listVersions: (p) => output.listVersions(p),
      read: (k) => output.read(k),
      delete: (k) => output.delete(k),
      async write(key, body, meta) {
        if (++writes > 1) throw new Error('connection reset');
        return output.write(key, body, meta);
      },
    };
    await expect(publishSite(deps(input, flaky, undefined, stateFor(output)))).rejects.toThrow(/connection reset/);
    // Only the new article page was written; feeds are the previous, complete ones.
    expect(text(output, 'feed.xml')).toBe(before);
    expect(xmlProblem(before ?? '')).toBeNull();
    const next = await publishSite(deps(input, output));
    expect(next.written).toContain('feed.xml');
    expect(text(output, 'feed.xml')).toContain('Delta story');
    const again = await publishSite(deps(input, output));
    expect(again.written).toEqual([]);
  });
});
