import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { siteInputVersion } from '../../src/publish/load-site.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

const meta = { contentType: 'text/plain', cacheControl: '' };

describe('siteInputVersion (what a digest compares before loading the site again)', () => {
  it('stays while nothing is touched, and changes with an input, the publisher state or the config', async () => {
    const config = parseConfig({ site: { title: 'V', baseUrl: 'https://v.example/' } });
    const input = createMemoryStore({ 'a.md': '---\ntitle: A\ndate: 2026-01-01\n---\n\nOne sentence here. Another one.\n' });
    const deps = { config, input, output: createMemoryStore(), state: createMemoryStore(), clock: fixedClock('2026-02-01T00:00:00Z'), log: silentLogger };
    const first = await siteInputVersion(deps);
    expect(await siteInputVersion(deps)).toBe(first);

    await publishSite(deps);
    const published = await siteInputVersion(deps);
    expect(published).not.toBe(first);
    expect(await siteInputVersion(deps)).toBe(published);

    await input.write('b.md', '---\ntitle: B\ndate: 2026-01-02\n---\n\nTwo sentences here. Another one.\n', meta);
    const added = await siteInputVersion(deps);
    expect(added).not.toBe(published);

    const otherConfig = parseConfig({ site: { title: 'V', baseUrl: 'https://v.example/' }, summary: { words: 30 } });
    expect(await siteInputVersion({ ...deps, config: otherConfig })).not.toBe(added);
  });
});
