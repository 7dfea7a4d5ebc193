import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { ForeignOutputError } from '../../src/publish/mass-delete-guard.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';

// The state's claim names the output its runs write into (Store.location). Memory stores given a location
// stand in for two folders or two S3 prefixes.
const config = parseConfig({ site: { title: 'Test Site', baseUrl: 'https://site.example/' } });
const body = (n: number) => `Story ${n} opens here. A second sentence adds detail. The third one ends it.`;
type Mem = ReturnType<typeof createMemoryStore>;
const at = (store: Mem, location: string): Mem & { location: string } => ({ ...store, location });
const text = (store: Mem, key: string) => new TextDecoder().decode(store.objects.get(key)?.body ?? new Uint8Array());
const run = (s: { input: Store; output: Store; state: Store }, now: string, options = {}) =>
  publishSite({ config, input: s.input, output: s.output, state: s.state, clock: fixedClock(now), log: silentLogger }, options);

/** Undated articles: their dates are the first-seen dates the state (or the published feeds) remember. */
const input = () => createMemoryStore({ 'a.md': `---\ntitle: Alpha\n---\n\n${body(1)}\n`, 'b.md': `---\ntitle: Beta\n---\n\n${body(2)}\n` });

describe('a state and the output its runs write into', () => {
  it('refuses another output holding publisher files when the state names a different one (an --out typo with a fixed state)', async () => {
    const state = createMemoryStore();
    const site = at(createMemoryStore(), 'mem://public');
    await run({ input: input(), output: site, state }, '2026-02-01T00:00:00Z');
    const other = at(createMemoryStore({ 'index.html': '<h1>My other site</h1>', 'articles/my-post.html': '<p>mine</p>' }), 'mem://othersite');
    const error = await run({ input: input(), output: other, state }, '2026-02-02T00:00:00Z').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForeignOutputError);
    expect((error as ForeignOutputError).publishesTo).toBe('mem://public');
    expect([...other.objects.keys()].sort()).toEqual(['articles/my-post.html', 'index.html']);
    expect(text(other, 'index.html')).toBe('<h1>My other site</h1>');
    // An empty folder too (a mistyped `--out pubilc`): publishing there would move the claim and lock the
    // real site out. The operator's override moves the site, and from then on the state names that output.
    const moved = at(createMemoryStore(), 'mem://www');
    await expect(run({ input: input(), output: moved, state }, '2026-02-03T00:00:00Z')).rejects.toBeInstanceOf(ForeignOutputError);
    expect(moved.objects.size).toBe(0);
    await run({ input: input(), output: moved, state }, '2026-02-03T00:00:00Z', { allowMassDelete: true });
    expect(text(moved, 'feed.xml')).toContain('Alpha');
    expect(text(state, 'output-claim.json')).toContain('"output":"mem://www"');
    await run({ input: input(), output: other, state }, '2026-02-04T00:00:00Z', { allowMassDelete: true });
    expect(other.objects.has('articles/my-post.html')).toBe(false);
  });

  it('finishes a --rebuild-state run that died before saving the state, keeping first-seen dates', async () => {
    const output = at(createMemoryStore(), 'mem://public');
    const state = createMemoryStore();
    await run({ input: input(), output, state }, '2026-02-01T00:00:00Z');
    expect(text(output, 'feed.xml')).toContain('Sun, 01 Feb 2026');
    // The state is lost; --rebuild-state starts and dies at its first output write (a page deleted by hand
    // is one: what is still there byte for byte is not written again).
    for (const key of [...state.objects.keys()]) if (key !== 'output-claim.json') state.objects.delete(key);
    output.objects.delete('index.html');
    const dying: Store = { ...output, write: async () => Promise.reject(new Error('killed')) };
    await expect(run({ input: input(), output: dying, state }, '2026-03-01T00:00:00Z', { rebuildState: true })).rejects.toThrow('killed');
    expect(state.objects.has('state.json')).toBe(false);
    // A plain run: not a first run (that would date both articles 2026-03-02), the rebuild's continuation.
    const report = await run({ input: input(), output, state }, '2026-03-02T00:00:00Z');
    expect(report.warnings?.map((w) => w.reason)).toEqual([expect.stringContaining('a --rebuild-state run died before saving it')]);
    expect(text(output, 'feed.xml')).toContain('Sun, 01 Feb 2026');
    expect(text(output, 'feed.xml')).not.toContain('02 Mar 2026');
    // Saved: the claim no longer says a rebuild is under way.
    expect(text(state, 'output-claim.json')).not.toContain('rebuilding');
  });
});

describe('a claimed output whose saved state is lost', () => {
  it('refuses a run from nothing (it would date every article anew) and --rebuild-state takes the site back', async () => {
    const output = at(createMemoryStore(), 'mem://public');
    const state = createMemoryStore();
    await run({ input: input(), output, state }, '2026-02-01T00:00:00Z');
    // Saved: the claim no longer marks a first run under way.
    expect(text(state, 'output-claim.json')).not.toContain('firstRun');
    const feed = text(output, 'feed.json');
    // The user deletes a corrupt state.json (and its shards); the claim stays.
    for (const key of [...state.objects.keys()]) if (key !== 'output-claim.json') state.objects.delete(key);
    const before = new Map([...output.objects].map(([k, v]) => [k, new TextDecoder().decode(v.body)]));
    const error = await run({ input: input(), output, state }, '2026-03-01T00:00:00Z').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForeignOutputError);
    expect(error).toMatchObject({ code: 'foreign-output-refused', stateLost: true });
    expect((error as Error).message).toContain('--rebuild-state');
    expect(new Map([...output.objects].map(([k, v]) => [k, new TextDecoder().decode(v.body)]))).toEqual(before);
    expect(state.objects.has('state.json')).toBe(false);
    await run({ input: input(), output, state }, '2026-03-02T00:00:00Z', { rebuildState: true });
    // First seen 2026-02-01, as readers saw them: byte for byte the feed published before.
    expect(text(output, 'feed.json')).toBe(feed);
    expect(state.objects.has('state.json')).toBe(true);
  });
});

describe('the output a local state claims, named relative to the state', () => {
  it('is the same output after the project folder moves, or when reached through a symbolic link', async () => {
    const { mkdtemp, rename, symlink, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { createLocalStore } = await import('../../src/storage/index.js');
    const base = await mkdtemp(path.join(tmpdir(), 'fw-claim-'));
    try {
      const local = (project: string, out = 'public') => ({
        input: input(),
        output: createLocalStore(path.join(base, project, out)),
        state: createLocalStore(path.join(base, project, '.feedwright-state', 'public')),
      });
      await run(local('A'), '2026-02-01T00:00:00Z');
      await rename(path.join(base, 'A'), path.join(base, 'B'));
      const moved = local('B');
      await moved.input.write('c.md', `---\ntitle: Gamma\n---\n\n${body(3)}\n`, { contentType: 'text/markdown', cacheControl: '' });
      expect((await run(moved, '2026-02-02T00:00:00Z')).articles).toBe(3);
      await symlink('public', path.join(base, 'B', 'current'));
      const linked = local('B', 'current');
      await linked.input.write('d.md', `---\ntitle: Delta\n---\n\n${body(4)}\n`, { contentType: 'text/markdown', cacheControl: '' });
      expect((await run(linked, '2026-02-03T00:00:00Z')).articles).toBe(3);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});

describe('--rebuild-state after a lost state', () => {
  it('gives back the ids readers know (a moved file, a ;2 id, a moved array element), with their dates', async () => {
    const el = (title: string) => ({ title, content: `${title} body is here. It has two sentences.` });
    const output = createMemoryStore();
    const s = { input: createMemoryStore({ 'post.md': `---\ntitle: Post\n---\n\n${body(1)}\n`, 'a.json': JSON.stringify([el('Alpha'), el('Beta')]) }), output, state: createMemoryStore() };
    await run(s, '2026-02-01T00:00:00Z');
    await s.input.write('a.json', JSON.stringify([el('Novel'), el('Alpha'), el('Beta')]), { contentType: 'application/json', cacheControl: '' });
    await s.input.delete('post.md');
    await s.input.write('moved.md', `---\ntitle: Post\n---\n\n${body(1)}\n`, { contentType: 'text/markdown', cacheControl: '' });
    await run(s, '2026-02-02T00:00:00Z');
    await s.input.write('post.md', `---\ntitle: New post\n---\n\n${body(2)}\n`, { contentType: 'text/markdown', cacheControl: '' });
    await run(s, '2026-02-03T00:00:00Z');
    const items = () => (JSON.parse(text(output, 'feed.json')) as { items: { id: string; title: string; date_published: string }[] }).items.map((i) => `${i.title} ${i.id} ${i.date_published}`).sort();
    const before = items();
    expect(before).toEqual([
      'Alpha tag:site.example,2026:a.json#0 2026-02-01T00:00:00.000Z',
      'Beta tag:site.example,2026:a.json#1 2026-02-01T00:00:00.000Z',
      'New post tag:site.example,2026:post.md;2 2026-02-03T00:00:00.000Z',
      'Novel tag:site.example,2026:a.json#0;2 2026-02-02T00:00:00.000Z',
      'Post tag:site.example,2026:post.md 2026-02-01T00:00:00.000Z',
    ]);
    const lost = { ...s, state: createMemoryStore() };
    await run(lost, '2026-03-01T00:00:00Z', { rebuildState: true });
    expect(items()).toEqual(before);
  });
});

describe('a digest run and the output claim', () => {
  it('refuses to write issues into another output than the one its state publishes into', async () => {
    const { issueDigest } = await import('../../src/digest/index.js');
    const withDaily = parseConfig({ site: { title: 'Test Site', baseUrl: 'https://site.example/' }, digests: [{ id: 'daily', schedule: { every: 'day', at: '07:00' }, timeZone: 'UTC', publishEmpty: true }] });
    const state = createMemoryStore();
    const site = at(createMemoryStore(), 'mem://public');
    await publishSite({ config: withDaily, input: input(), output: site, state, clock: fixedClock('2026-02-01T08:00:00Z'), log: silentLogger });
    const other = at(createMemoryStore({ 'index.html': '<h1>Theirs</h1>' }), 'mem://othersite');
    const digest = issueDigest({ config: withDaily, input: input(), output: other, state, clock: fixedClock('2026-02-02T08:00:00Z'), log: silentLogger }, { digestId: 'daily' });
    await expect(digest).rejects.toMatchObject({ code: 'foreign-output-refused', publishesTo: 'mem://public' });
    expect([...other.objects.keys()]).toEqual(['index.html']);
  });
});

describe('--rebuild-state finds articles by their story', () => {
  const md = (title: string, text: string, extra = '') => `---\ntitle: ${title}\n${extra}---\n\n${text} It has a second sentence.\n`;
  const write = (store: Mem, key: string, text: string) => store.write(key, text, { contentType: 'text/markdown', cacheControl: '' });
  const items = (output: Mem) =>
    (JSON.parse(text(output, 'feed.json')) as { items: { id: string; url: string; summary: string; date_published: string }[] }).items
      .map((i) => `${i.id} ${i.url} ${i.date_published} ${i.summary}`)
      .sort();
  const loseStateAndRebuild = async (s: { input: Mem; output: Mem }) => {
    await run({ ...s, state: createMemoryStore() }, '2026-03-01T00:00:00Z', { rebuildState: true });
  };

  it('two articles with one title keep their own ids and pages', async () => {
    const s = { input: createMemoryStore({ 'a.md': md('Hello', 'First hello.') }), output: createMemoryStore(), state: createMemoryStore() };
    await run(s, '2026-02-01T00:00:00Z');
    await s.input.delete('a.md');
    await write(s.input, 'b.md', md('Hello', 'First hello.'));
    await run(s, '2026-02-02T00:00:00Z');
    await write(s.input, 'a.md', md('Hello', 'Second hello.'));
    await run(s, '2026-02-03T00:00:00Z');
    const before = items(s.output);
    await loseStateAndRebuild(s);
    expect(items(s.output)).toEqual(before);
  });

  it('a moved and retitled article keeps its id, date and page; one with its own URL keeps its id', async () => {
    const s = { input: createMemoryStore({ 'a.md': md('Hello', 'A story.'), 'x.md': md('Away', 'Told elsewhere.', 'url: https://elsewhere.example/story\n') }), output: createMemoryStore(), state: createMemoryStore() };
    await run(s, '2026-02-01T00:00:00Z');
    await s.input.delete('a.md');
    await write(s.input, 'b.md', md('Hello', 'A story.'));
    await s.input.delete('x.md');
    await write(s.input, 'y.md', md('Away', 'Told elsewhere.', 'url: https://elsewhere.example/story\n'));
    await run(s, '2026-02-02T00:00:00Z');
    await write(s.input, 'b.md', md('Goodbye', 'A story.'));
    await run(s, '2026-02-03T00:00:00Z');
    const before = items(s.output);
    expect(before.join('\n')).toContain('tag:site.example,2026:a.md https://site.example/articles/hello.html');
    await loseStateAndRebuild(s);
    expect(items(s.output)).toEqual(before);
    expect(text(s.output, 'articles/hello.html')).toContain('Goodbye');
  });
});

describe('--rebuild-state and the mass-deletion guard', () => {
  it('refuses to remove most published articles when the state is rebuilt from a partial input', async () => {
    const { MassDeleteError } = await import('../../src/publish/mass-delete-guard.js');
    const md = (n: number) => `---\ntitle: Story ${n}\n---\n\n${body(n)}\n`;
    const s = { input: createMemoryStore({ 'a.md': md(1), 'b.md': md(2), 'c.md': md(3), 'd.md': md(4) }), output: createMemoryStore(), state: createMemoryStore() };
    await run(s, '2026-02-01T00:00:00Z');
    for (const key of ['a.md', 'b.md', 'c.md']) await s.input.delete(key);
    const rebuilt = { ...s, state: createMemoryStore() };
    await expect(run(rebuilt, '2026-02-02T00:00:00Z', { rebuildState: true })).rejects.toBeInstanceOf(MassDeleteError);
    expect(s.output.objects.has('articles/story-1.html')).toBe(true);
    await run(rebuilt, '2026-02-02T00:00:00Z', { rebuildState: true, allowMassDelete: true });
    expect(s.output.objects.has('articles/story-1.html')).toBe(false);
  });
});
