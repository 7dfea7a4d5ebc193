import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

const config = parseConfig({ site: { title: 'Test Site', baseUrl: 'https://site.example/' } });
const meta = { contentType: 'text/plain', cacheControl: '' };
const story = (title: string) => `---\ntitle: ${title}\ncategories: [tech]\n---\n\n${title} opens here. A second sentence adds detail.\n`;

describe("the publisher's namespace in the output", () => {
  it('deletes orphans in its folders but leaves hidden files there, and files next to the site', async () => {
    const s = { input: createMemoryStore({ 'a.md': story('Alpha') }), output: createMemoryStore(), state: createMemoryStore() };
    const run = (now: string) => publishSite({ config, ...s, clock: fixedClock(now), log: silentLogger });
    await run('2026-02-01T00:00:00Z');
    const yours = ['articles/.htaccess', 'categories/tech/.htaccess', '.well-known/security.txt', 'CNAME'];
    for (const key of yours) await s.output.write(key, 'mine', meta);
    await s.output.write('articles/orphan-of-a-crash.html', '<p>old</p>', meta);
    await s.input.write('b.md', story('Beta'), meta);
    const report = await run('2026-02-02T00:00:00Z');
    expect(report.deleted).toEqual(['articles/orphan-of-a-crash.html']);
    for (const key of yours) expect(s.output.objects.has(key), key).toBe(true);
  });

  it('owns a referenced input file with a hidden name under assets/: written once, deleted when unreferenced', async () => {
    const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const s = { input: createMemoryStore({ 'a.md': `${story('Alpha')}\n![scan](img/.scan.png)\n` }), output: createMemoryStore(), state: createMemoryStore() };
    await s.input.write('img/.scan.png', image, { contentType: 'image/png', cacheControl: '' });
    const run = (now: string) => publishSite({ config, ...s, clock: fixedClock(now), log: silentLogger });
    expect((await run('2026-02-01T00:00:00Z')).written).toContain('assets/img/.scan.png');
    expect((await run('2026-02-02T00:00:00Z')).written).toEqual([]);
    await s.input.write('a.md', story('Alpha'), meta);
    expect((await run('2026-02-03T00:00:00Z')).deleted).toEqual(['assets/img/.scan.png']);
  });
});
