import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { STATE_KEY, SUMMARY_KEY } from '../../src/publish/state.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

const config = parseConfig({ site: { title: 'Archive Site', baseUrl: 'https://site.example/' }, feed: { size: 3, archivePageSize: 2 } });

const story = (n: number) =>
  `---\ntitle: Story ${n}\ndate: 2026-01-01T${String(n).padStart(2, '0')}:00:00Z\ncategories: [${n % 2 === 0 ? 'even' : 'odd'}]\n---\n\nSentence one of story ${n}. Sentence two of it.\n`;

const archivePage = (key: string) => /^(?:categories\/[^/]+\/)?archive\/(\d+)\//.exec(key);

describe('archives through publishSite', () => {
  it('adding an article writes only the current documents, the newest archive page (or a new one), and pages that list it', async () => {
    const input = createMemoryStore();
    const output = createMemoryStore();
    const state = createMemoryStore();
    const deps = (now: string) => ({ config, input, output, state, clock: fixedClock(now), log: silentLogger });
    for (let n = 1; n <= 20; n++) {
      const before = new Set(output.objects.keys());
      const newestBefore = new Map<string, number>();
      for (const key of before) {
        const m = archivePage(key);
        const folder = key.slice(0, key.indexOf('archive/'));
        if (m) newestBefore.set(folder, Math.max(Number(m[1]), newestBefore.get(folder) ?? 0));
      }
      await input.write(`s${n}.md`, story(n), { contentType: '', cacheControl: '' });
      const report = await publishSite(deps(`2026-02-${String(n).padStart(2, '0')}T00:00:00Z`));
      for (const key of report.written) {
        if (key === STATE_KEY || key === SUMMARY_KEY) continue;
        const m = archivePage(key);
        if (m && before.has(key)) {
          // An existing archive document is rewritten only when it was its feed's newest page.
          const folder = key.slice(0, key.indexOf('archive/'));
          expect(Number(m[1]), `${key} rewritten when story ${n} was added`).toBe(newestBefore.get(folder));
        }
        // Article pages: the new one and its neighbour only.
        if (key.startsWith('articles/')) expect([`articles/story-${n}.html`, `articles/story-${n - 1}.html`]).toContain(key);
        // The other category's feeds and listing are untouched (once both exist: a new category is listed on every listing page).
        const other = n % 2 === 0 ? 'odd' : 'even';
        if (n > 2) expect(key.startsWith(`categories/${other}/`), key).toBe(false);
      }
      expect(report.deleted).toEqual([]);
    }
    // 20 articles: 4 current + 8 pages of 2 in the site feed.
    expect(output.objects.has('archive/8/feed.xml')).toBe(true);
    expect(output.objects.has('archive/9/feed.xml')).toBe(false);
    expect(output.objects.get('archive/1/atom.xml')?.meta?.cacheControl).toBe('public, max-age=86400');
    expect(output.objects.get('archive/1/feed.json')?.meta?.contentType).toBe('application/feed+json; charset=utf-8');
    expect(output.objects.get('feed.xsl')?.meta?.contentType).toBe('text/xsl; charset=utf-8');
    expect(output.objects.get('robots.txt')?.meta?.contentType).toBe('text/plain; charset=utf-8');
    // Nothing changed: nothing written, nobody pinged.
    expect((await publishSite(deps('2026-03-01T00:00:00Z'))).written).toEqual([]);
  });
});
