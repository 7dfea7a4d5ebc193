import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { xmlProblem } from '../support/feed-parsers.js';

// A feed document's byte budget leaves out item content, oldest first. What it cannot leave out (titles,
// summaries, authors, categories) once stopped the whole run: one article with 6,000 authors, or many
// articles with hundreds each, and nothing was published. Now the one article is rejected by name and the
// many are published over the budget with a warning naming the feed.
const config = parseConfig({ site: { title: 'Budget', baseUrl: 'https://budget.example/' }, feed: { maxBytes: 20_000, size: 10, archivePageSize: 10 } });
const run = (input: ReturnType<typeof createMemoryStore>, output = createMemoryStore()) =>
  publishSite({ config, input, output, state: createMemoryStore(), clock: fixedClock('2026-02-01T00:00:00Z'), log: silentLogger }).then((report) => ({ report, output }));
const authors = (n: number) => Array.from({ length: n }, (_, i) => `  - name: Author ${i} ${'y'.repeat(40)}`).join('\n');
const article = (i: number, authorCount: number) => `---\ntitle: Story ${i}\ndate: 2026-01-${String(10 + i).padStart(2, '0')}\nauthors:\n${authors(authorCount)}\n---\n\nBody ${i}. More.\n`;

describe('feed byte budget', () => {
  it('rejects, by name, an article whose metadata alone would not fit a feed document; the others are published', async () => {
    const input = createMemoryStore({ 'huge.md': article(1, 400), 'fine.md': article(2, 1) });
    const { report, output } = await run(input);
    expect(report.rejected).toEqual([{ path: 'huge.md', reason: expect.stringMatching(/^cannot be published in a feed: its title, summary, authors, categories and links alone take \d+ characters/) }]);
    expect(new TextDecoder().decode(output.objects.get('feed.xml')?.body)).toContain('Story 2');
  });

  it('publishes documents that many large items push over the budget, valid, and names each in a warning', async () => {
    // 15 items of ~2,000 characters each: each fits alone (a third of 20,000), together they do not.
    const input = createMemoryStore(Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`s${i}.md`, article(i, 40)])));
    const { report, output } = await run(input);
    expect(report.rejected).toEqual([]);
    const feed = new TextDecoder().decode(output.objects.get('feed.xml')?.body);
    expect(Buffer.byteLength(feed)).toBeGreaterThan(20_000);
    expect(xmlProblem(feed)).toBeNull();
    const items = (new XMLParser({ isArray: (n) => n === 'item' }).parse(feed) as { rss: { channel: { item: unknown[] } } }).rss.channel.item;
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(report.warnings).toContainEqual({ path: 'https://budget.example/feed.xml', reason: expect.stringMatching(/^published over feed\.maxBytes \(\d+ bytes with summaries only\)/) });
  });

  it('keeps within the budget, without a warning, what leaving content out makes fit', async () => {
    const body = `${'A long paragraph of news. '.repeat(200)}\n`;
    const input = createMemoryStore(Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`s${i}.md`, `---\ntitle: Story ${i}\ndate: 2026-01-${10 + i}\n---\n\n${body}`])));
    const { report, output } = await run(input);
    for (const key of ['feed.xml', 'atom.xml', 'feed.json']) expect(output.objects.get(key)?.body.length, key).toBeLessThanOrEqual(20_000);
    expect(report.warnings).toEqual([]);
  });
});
