import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { createHash } from 'node:crypto';
import { type PublishState, STATE_KEY, emptyState, readSiteState, readState } from '../../src/publish/state.js';
import { type ReadShards, shardCountFor, splitState, writeShardedState } from '../../src/publish/state-shards.js';
import { interceptStores } from '../crash/intercept-store.js';

const record = (n: number) => ({ id: `urn:uuid:${n}`, firstSeen: '2026-01-01T00:00:00.000Z', contentHash: `h${n}`, updated: '2026-01-01T00:00:00.000Z', slug: `story-${n}` });

/** A state of `n` articles, each with its source, item, record and page, plus site-wide archive documents. */
function stateOf(n: number): PublishState {
  const state = emptyState();
  for (let i = 0; i < n; i++) {
    const source = `posts/story-${String(i).padStart(6, '0')}.md`;
    state.sources[source] = { version: `${i}:1:${i}`, rejected: [] };
    state.articles[source] = record(i);
    state.items[source] = {
      id: `urn:uuid:${i}`, title: `Story ${i}`, url: `https://example.org/articles/story-${i}/`, summary: 'A summary.', published: '2026-01-01T00:00:00.000Z',
      updated: '2026-01-01T00:00:00.000Z', authors: [], categories: ['news'], slug: `story-${i}`, sourcePath: source,
    };
    state.objects[`articles/story-${i}/index.html`] = `hash${i}`;
    state.verified[`articles/story-${i}/index.html`] = `token${i}`;
  }
  // One archive document per 50 articles in each of three formats, like a site's RFC 5005 archives.
  for (let page = 1; page <= Math.ceil(n / 50); page++) {
    for (const file of ['feed.xml', 'atom.xml', 'feed.json']) {
      state.objects[`archive/${page}/${file}`] = `a${page}${file}`;
      state.verified[`archive/${page}/${file}`] = `t${page}${file}`;
      state.signatures[`archive/${page}/${file}`] = `s${page}${file}`;
    }
  }
  state.inputFingerprint = 'f';
  state.renderKey = 'r';
  state.summaryKey = 's';
  return state;
}

const keysIn = (text: string) => Object.values(JSON.parse(text) as Record<string, Record<string, unknown>>).reduce((sum, part) => sum + Object.keys(part).length, 0);

describe('sharded publisher state', () => {
  it('holds nothing per article or per document in the manifest, at any size', () => {
    const small = splitState(stateOf(200), undefined, 16);
    const large = splitState(stateOf(3_200), undefined, 16);
    for (const { manifest } of [small, large]) {
      expect(Object.keys(JSON.parse(manifest) as object).sort()).toEqual(['inputFingerprint', 'renderKey', 'shards', 'summaryKey', 'version']);
      expect(manifest).not.toContain('archive/');
      expect(manifest).not.toContain('story-');
    }
  });

  it('splits into more shards as the site grows, so no shard grows with it', () => {
    const largest = (n: number) => {
      const { shards } = splitState(stateOf(n), undefined, 16);
      return { count: shards.size, keys: Math.max(...[...shards.values()].map(keysIn)) };
    };
    const sizes = [400, 1_600, 6_400].map(largest);
    // Two keys per article (source, page) plus 0.06 archive documents: 64 shards up to 1,024 keys at 16 each.
    expect(sizes.map((s) => s.count)).toEqual([64, 256, 1024]);
    // A shard's keys: up to seven records per article key and three per object key; the average key count
    // per shard stays ≤ 16 at every size, so the largest (hash spread) stays far below a fixed 64's
    // 6,400 × 2 / 64 = 200 keys (~1,000 records) at the largest size.
    for (const { keys } of sizes) expect(keys).toBeLessThan(200);
    expect(sizes[2]!.keys).toBeLessThan(sizes[0]!.keys * 2);
  });

  it('uses 64 shards for small sites and doubles at each power of two', () => {
    expect(shardCountFor(0)).toBe(64);
    expect(shardCountFor(64 * 1024)).toBe(64);
    expect(shardCountFor(64 * 1024 + 1)).toBe(128);
    expect(shardCountFor(1_000_000 * 2.4)).toBe(4096);
    expect(shardCountFor(Number.MAX_SAFE_INTEGER)).toBe(65_536);
  });

  it('reads back exactly the state it wrote, across a change in the shard count', async () => {
    const store = createMemoryStore();
    const small = stateOf(100);
    await writeShardedState(store, STATE_KEY, small, null, { perShard: 4 });
    expect(await readState(store)).toEqual(small);
    const before = new TextDecoder().decode((await store.read(STATE_KEY)) as Uint8Array);
    const large = stateOf(200);
    const { deleted } = await writeShardedState(store, STATE_KEY, large, before, { perShard: 4 });
    // Nearly every old shard goes (an empty one can keep its name: same index, same bytes).
    expect(deleted.length).toBeGreaterThan(48);
    expect((await store.list('shards/')).length).toBe(128);
    expect(await readState(store)).toEqual(large);
  });

  it('still reads a manifest that holds the site-wide objects itself (written before they moved to the shards)', async () => {
    const state = stateOf(120);
    const { manifest, shards } = splitState(state);
    const old = JSON.parse(manifest) as Record<string, unknown>;
    // The older layout: archive records in the manifest, none in the shards.
    const archive = (field: 'objects' | 'verified' | 'signatures') => Object.fromEntries(Object.entries(state[field]).filter(([k]) => k.startsWith('archive/')));
    const articlesOnly: PublishState = {
      ...state,
      objects: Object.fromEntries(Object.entries(state.objects).filter(([k]) => !k.startsWith('archive/'))),
      verified: Object.fromEntries(Object.entries(state.verified).filter(([k]) => !k.startsWith('archive/'))),
      signatures: {},
    };
    const oldShards = splitState(articlesOnly).shards;
    expect(shards.size).toBe(oldShards.size);
    const store = createMemoryStore(Object.fromEntries(oldShards));
    await store.write(STATE_KEY, JSON.stringify({ ...old, shards: [...oldShards.keys()], objects: archive('objects'), verified: archive('verified'), signatures: archive('signatures') }), { contentType: '', cacheControl: '' });
    expect(await readState(store)).toEqual(state);
  });

  it('writes, from a state taken as read and then changed, the bytes a fresh split writes', async () => {
    const store = createMemoryStore();
    await writeShardedState(store, STATE_KEY, stateOf(300), null, { perShard: 8 });
    const read = await readSiteState(store, createMemoryStore(), true);
    expect(read.shards?.placed?.bySource.size).toBe(300);
    const next: PublishState = { ...read.state, sources: { ...read.state.sources }, items: { ...read.state.items }, articles: { ...read.state.articles }, objects: { ...read.state.objects } };
    // One article added, one removed, one page's hash changed.
    const added = stateOf(301);
    const source = 'posts/story-000300.md';
    next.sources[source] = added.sources[source]!;
    next.items[source] = added.items[source]!;
    next.articles[source] = added.articles[source]!;
    next.objects['articles/story-300/index.html'] = 'hash300';
    delete next.sources['posts/story-000007.md'];
    next.objects['articles/story-9/index.html'] = 'changed';
    const fresh = splitState(next, undefined, 8);
    const reused = splitState(next, read.shards, 8);
    expect(reused.manifest).toBe(fresh.manifest);
    expect([...reused.shards]).toEqual([...fresh.shards]);
    // Most shards were kept as read (the same names as before the change).
    const before = JSON.parse(new TextDecoder().decode((await store.read(STATE_KEY)) as Uint8Array)) as { shards: string[] };
    expect([...reused.shards.keys()].filter((n) => before.shards.includes(n)).length).toBeGreaterThan(before.shards.length - 8);
  });

  it('keeps a shard it read only while its keys and records are the ones read: a run writes what a fresh split writes', async () => {
    const store = createMemoryStore();
    await writeShardedState(store, STATE_KEY, stateOf(300), null, { perShard: 8 });
    const text = async (key: string) => new TextDecoder().decode((await store.read(key)) as Uint8Array);
    const previous = await text(STATE_KEY);
    const read = await readSiteState(store, createMemoryStore(), true);
    const next: PublishState = { ...read.state, sources: { ...read.state.sources }, items: { ...read.state.items }, articles: { ...read.state.articles }, objects: { ...read.state.objects } };
    // Forty articles gone and forty new ones (the very records of a larger state), so some shard loses as
    // many as it gains; one page's hash changed; one record replaced by an equal copy (a new object).
    const more = stateOf(340);
    for (let i = 0; i < 40; i++) {
      const gone = `posts/story-${String(i * 7).padStart(6, '0')}.md`;
      delete next.sources[gone];
      delete next.items[gone];
      delete next.articles[gone];
      const source = `posts/story-${String(300 + i).padStart(6, '0')}.md`;
      next.sources[source] = more.sources[source]!;
      next.items[source] = more.items[source]!;
      next.articles[source] = more.articles[source]!;
    }
    next.objects['articles/story-9/index.html'] = 'changed';
    next.articles['posts/story-000001.md'] = { ...next.articles['posts/story-000001.md']! };
    const sourcesOf = (body: string) => Object.keys((JSON.parse(body) as { sources: object }).sources).sort().join();
    // Each shard index's source keys before the write (which deletes the shards it no longer names).
    const old = new Map<string, string>();
    for (const name of (JSON.parse(previous) as { shards: string[] }).shards) old.set(name.slice(0, 10), sourcesOf(await text(name)));
    const fresh = splitState(next, undefined, 8);
    const { written } = await writeShardedState(store, STATE_KEY, next, previous, { perShard: 8 }, read.shards);
    expect(await text(STATE_KEY)).toBe(fresh.manifest);
    for (const [name, body] of fresh.shards) expect(await text(name), name).toBe(body);
    // Most shards were kept without being written again; the case this pins happened: a shard whose
    // source keys changed while their number did not.
    expect(written.length).toBeLessThan(fresh.shards.size / 2);
    const swapped = [...fresh.shards].filter(([name, body]) => {
      const before = old.get(name.slice(0, 10));
      return before !== undefined && before !== sourcesOf(body) && before.split(',').length === sourcesOf(body).split(',').length;
    });
    expect(swapped.length).toBeGreaterThan(0);
  });

  it('places every key anew when the manifest is in the earlier layout (site-wide objects in it), whose places may differ', async () => {
    const state = stateOf(120);
    const { shards } = splitState(state);
    // One page's records moved to another shard, as a layout that placed keys otherwise would have them.
    const key = 'articles/story-5/index.html';
    const texts = [...shards.values()].map((t) => JSON.parse(t) as Record<string, Record<string, unknown>>);
    const from = texts.findIndex((t) => key in (t.objects as object));
    const to = (from + 1) % texts.length;
    for (const field of ['objects', 'verified'] as const) {
      (texts[to] as Record<string, Record<string, unknown>>)[field]![key] = texts[from]![field]![key];
      delete texts[from]![field]![key];
    }
    const named = texts.map((t, i) => {
      const text = `${JSON.stringify(t)}\n`;
      return [`shards/${String(i).padStart(2, '0')}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`, text] as const;
    });
    const store = createMemoryStore(Object.fromEntries(named));
    const manifest = { version: 2, inputFingerprint: 'f', renderKey: 'r', summaryKey: 's', objects: {}, verified: {}, signatures: {}, shards: named.map(([n]) => n) };
    await store.write(STATE_KEY, JSON.stringify(manifest), { contentType: '', cacheControl: '' });
    const read = await readSiteState(store, createMemoryStore(), true);
    expect(read.state).toEqual(state);
    expect((read.shards as ReadShards).placed).toBeUndefined();
    expect([...splitState(read.state, read.shards).shards]).toEqual([...shards]);
  });

  // The re-split writes every shard under a new name: a run killed at any of those writes (or the deletes
  // after the manifest) must leave the old state or the new one, whole, never a mix.
  it('leaves the old state or the new one whole when a re-split dies at any write or delete', async () => {
    const small = stateOf(100);
    const large = stateOf(200);
    const base = createMemoryStore();
    await writeShardedState(base, STATE_KEY, small, null, { perShard: 4 });
    const before = new TextDecoder().decode((await base.read(STATE_KEY)) as Uint8Array);
    const counting = interceptStores(() => undefined);
    await writeShardedState(counting.wrap(createMemoryStore(Object.fromEntries([...base.objects].map(([k, o]) => [k, o.body]))), 'state'), STATE_KEY, large, before, { perShard: 4 });
    const mutations = counting.count();
    expect(mutations).toBeGreaterThan(150);
    let sawOld = false;
    let sawNew = false;
    for (let kill = 1; kill <= mutations; kill++) {
      const store = createMemoryStore(Object.fromEntries([...base.objects].map(([k, o]) => [k, o.body])));
      const dying = interceptStores((n) => {
        if (n === kill) throw new Error(`killed at mutation ${n}`);
      });
      await expect(writeShardedState(dying.wrap(store, 'state'), STATE_KEY, large, before, { perShard: 4 })).rejects.toThrow('killed');
      const read = await readState(store);
      if (read.sources['posts/story-000150.md'] === undefined) {
        expect(read).toEqual(small);
        sawOld = true;
      } else {
        expect(read).toEqual(large);
        sawNew = true;
      }
    }
    expect(sawOld && sawNew).toBe(true);
  }, 120_000);
  it('writes each shard before the next one is serialized, so the whole state text is never held at once', async () => {
    const state = stateOf(400);
    const events: string[] = [];
    // Serializing a source's record is seen through its toJSON; writing a shard through the store.
    for (const [path, source] of Object.entries(state.sources)) {
      state.sources[path] = Object.assign({ ...source }, { toJSON: () => (events.push('serialize'), source) });
    }
    const memory = createMemoryStore();
    const store = { ...memory, write: async (key: string, body: string | Uint8Array, meta: Parameters<typeof memory.write>[2]) => (events.push(key.startsWith('shards/') ? 'shard' : key), memory.write(key, body, meta)) };
    const { written } = await writeShardedState(store, STATE_KEY, state, null, { perShard: 8 });
    const shards = written.filter((k) => k.startsWith('shards/'));
    expect(shards.length).toBeGreaterThan(8);
    // Between two shard writes, only the records of one shard are serialized (a few of the 400).
    const perWrite: number[] = [];
    let since = 0;
    for (const event of events) {
      if (event === 'serialize') since++;
      else if (event === 'shard') (perWrite.push(since), (since = 0));
    }
    expect(perWrite).toHaveLength(shards.length);
    expect(perWrite.reduce((a, b) => a + b, 0)).toBe(400);
    expect(Math.max(...perWrite)).toBeLessThan(20);
    expect(events.at(-1)).toBe(STATE_KEY);
    // Same bytes as the state split in one go.
    const plain = splitState(stateOf(400), undefined, 8);
    expect(shards).toEqual([...plain.shards.keys()]);
    for (const key of shards) expect(new TextDecoder().decode(memory.objects.get(key)?.body)).toBe(plain.shards.get(key));
    expect(new TextDecoder().decode(memory.objects.get(STATE_KEY)?.body)).toBe(plain.manifest);
  });
});
