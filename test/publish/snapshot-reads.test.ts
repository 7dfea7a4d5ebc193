import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { CONTENT_CACHE_KEY } from '../../src/publish/content-cache.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { STATE_KEY, SUMMARY_KEY } from '../../src/publish/state.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { StorageError, type Store } from '../../src/storage/store.js';

const article = (title: string, day: number) => `---\ntitle: ${title}\ndate: 2026-01-${String(day).padStart(2, '0')}\n---\n\nOne sentence about ${title}. Another one follows.\n`;
const config = parseConfig({ site: { title: 'S', baseUrl: 'https://s.example/' } });
const clock = fixedClock('2026-02-01T00:00:00Z');

/**
 * Every listing, and every read of the given keys, waits one turn of the event loop (as a request to S3
 * would); `seen` records, as each one starts, every read then in flight. Reads made one after another
 * never overlap.
 */
function inFlight() {
  const seen: string[][] = [];
  const running = new Set<string>();
  const track = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    running.add(what);
    seen.push([...running].sort());
    try {
      await new Promise((done) => setImmediate(done));
      return await call();
    } finally {
      running.delete(what);
    }
  };
  const wrap = (name: string, store: Store, keys: string[] = []): Store => ({
    ...store,
    scan: (prefix) => track(`${name} scan ${prefix}`, () => store.scan(prefix)),
    listVersions: (prefix) => track(`${name} list ${prefix}`, () => store.listVersions(prefix)),
    read: (key) => (keys.includes(key) ? track(`${name} read ${key}`, () => store.read(key)) : store.read(key)),
  });
  return { wrap, seen };
}

describe('the reads before a run decides (issue #13: fewer round trips in a row against S3)', () => {
  it('lists the input and the output and reads the last summary and the state tokens at the same time', async () => {
    const input = createMemoryStore({ 'a.md': article('A', 1), 'b.md': article('B', 2) });
    const output = createMemoryStore();
    const state = createMemoryStore();
    const deps = { config, input, output, state, clock, log: silentLogger };
    await publishSite(deps);

    const flight = inFlight();
    const watched = { ...deps, input: flight.wrap('input', input), output: flight.wrap('output', output), state: flight.wrap('state', state, [SUMMARY_KEY]) };
    const report = await publishSite(watched);
    expect(report.written).toEqual([]);
    // All four at once: the output listing, the summary, the state's listing (manifest) and the input listing.
    const together = flight.seen.find((names) => names.length === 4);
    expect(together).toEqual(['input scan ', 'output list ', `state list ${STATE_KEY}`, `state read ${SUMMARY_KEY}`]);
  });

  it('reads the feed-content cache beside the state when something changed', async () => {
    const input = createMemoryStore({ 'a.md': article('A', 1), 'b.md': article('B', 2) });
    const state = createMemoryStore();
    const deps = { config, input, output: createMemoryStore(), state, clock, log: silentLogger };
    await publishSite(deps);
    await input.write('c.md', article('C', 3), { contentType: '', cacheControl: '' });

    const flight = inFlight();
    const report = await publishSite({ ...deps, state: flight.wrap('state', state, [STATE_KEY, CONTENT_CACHE_KEY]) });
    expect(report.written).toContain('articles/c.html');
    expect(flight.seen).toContainEqual([`state read ${CONTENT_CACHE_KEY}`, `state read ${STATE_KEY}`]);
  });

  it("reports the input's failure when the input and the output both fail, whichever fails first", async () => {
    const failing = (store: Store, message: string, when: 'at once' | 'later'): Store => ({
      ...store,
      scan: async () => {
        if (when === 'later') await new Promise((done) => setTimeout(done, 20));
        throw new StorageError(message, { key: '' });
      },
      listVersions: async (prefix) => {
        if (prefix !== '') return store.listVersions(prefix);
        if (when === 'later') await new Promise((done) => setTimeout(done, 20));
        throw new StorageError(message, { key: '' });
      },
    });
    for (const [inputWhen, outputWhen] of [['later', 'at once'], ['at once', 'later']] as const) {
      const deps = {
        config,
        input: failing(createMemoryStore({ 'a.md': article('A', 1) }), 'input cannot be listed', inputWhen),
        output: failing(createMemoryStore(), 'output cannot be listed', outputWhen),
        state: createMemoryStore(),
        clock,
        log: silentLogger,
      };
      await expect(publishSite(deps)).rejects.toThrow('input cannot be listed');
      // The lease is given back: the next run is not locked out.
      expect(deps.state.objects.size).toBe(0);
    }
  });
});
