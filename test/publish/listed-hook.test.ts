import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

const article = (title: string) => `---\ntitle: ${title}\ndate: 2026-01-01\n---\n\nOne sentence here. Another one follows.\n`;

describe('publishSite onListed', () => {
  it('is told the number of article sources (not other files) before anything is read or written', async () => {
    const input = createMemoryStore({ 'a.md': article('A'), 'b/c.md': article('C'), 'd.html': '<h1>D</h1><p>Text of D.</p>', 'pictures/e.png': 'png', 'notes.yaml': 'x: 1' });
    let reads = 0;
    const counted = { ...input, read: (key: string) => ((reads += 1), input.read(key)) };
    const output = createMemoryStore();
    const told: { sources: number; reads: number; written: number }[] = [];
    const deps = { config: parseConfig({ site: { title: 'L', baseUrl: 'https://l.example/' } }), input: counted, output, state: createMemoryStore(), clock: fixedClock('2026-02-01T00:00:00Z'), log: silentLogger };
    const report = await publishSite(deps, { onListed: (sources) => void told.push({ sources, reads, written: output.objects.size }) });
    expect(told).toEqual([{ sources: 3, reads: 0, written: 0 }]);
    expect(report.articles).toBe(3);
    expect(reads).toBeGreaterThan(0);
  });
});
