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
