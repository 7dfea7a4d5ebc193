import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { ContentSourceError } from '../../src/publish/page-content.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';

// A large run drops every article's HTML once it is processed and each page reads its source again when
// it is rendered (`contentInMemory`). That must be invisible in the output: the same bytes as a run that
// kept everything, for local files, page-relative links, articles with their own URL, several articles
// per source, feed members and pages rendered again in bulk.
const config = parseConfig({ site: { title: 'Released', baseUrl: 'https://site.example/news/' }, feed: { size: 2, archivePageSize: 2 } });
const meta = { contentType: '', cacheControl: '' };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7]);
const NOW = '2026-03-01T00:00:00Z';
type Mem = ReturnType<typeof createMemoryStore>;
const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const snapshot = (store: Mem) => Object.fromEntries([...store.objects].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, decode(v.body)]));
// The state but its content cache: a run that keeps no HTML caches none (its feeds read their members
// again), so that one object differs by design; every record, hash and signature must not.
const stateOf = (store: Mem) => {
  const { 'feed-content.json': cache, ...rest } = snapshot(store);
  expect(cache).toBeDefined();
  return rest;
};
const cachedKeys = (store: Mem) => Object.keys((JSON.parse(snapshot(store)['feed-content.json'] ?? '{}') as { entries: Record<string, unknown> }).entries).sort();

function corpus(): Mem {
  const input = createMemoryStore({
    'posts/trip.md': `---\ntitle: Trip\ndate: 2026-01-05\nimage: img/cover.png\ncategories: [travel]\n---\n\nWe went. ![Map](img/map.png) and [notes](#notes) and [the plan](../docs/plan.pdf) and ![gone](img/missing.jpg).\n\n<a href="img/map.png?size=2&amp;x=1">big map</a>\n`,
    'posts/own.md': `---\ntitle: Own URL\ndate: 2026-01-04\nurl: https://elsewhere.example/story\ncategories: [travel]\n---\n\nSee ![here](img/map.png) and [this](#part).\n`,
    'list.json': JSON.stringify([
      { title: 'First of two', date: '2026-01-03', content: 'One <a href="#top">top</a>.', categories: ['world'] },
      { title: 'Second of two', date: '2026-01-02', content: 'Two <img src="posts/img/map.png">.', categories: ['world'] },
    ]),
    'page.html': `<html><head><title>An HTML page</title><meta name="date" content="2026-01-01"></head><body><p>Body <a href="#x">x</a> <img src="posts/img/cover.png"></p></body></html>`,
    'old.md': `---\ntitle: Old\ndate: 2025-12-01\n---\n\nOld story with [a link](https://example.org/a?b=1&c=2).\n`,
  });
  void input.write('posts/img/cover.png', PNG, meta);
  void input.write('posts/img/map.png', PNG, meta);
  void input.write('docs/plan.pdf', PNG, meta);
  return input;
}

async function publish(input: Store, output: Mem, state: Mem, contentInMemory?: number, now = NOW) {
  return publishSite(
    { config, input, output, state, clock: fixedClock(now), log: silentLogger, ...(contentInMemory === undefined ? {} : { contentInMemory }) },
    { allowMassDelete: true },
  );
}

describe('a run that does not keep article content in memory', () => {
  it('publishes the same bytes and state as a run that keeps it', async () => {
    const kept = { output: createMemoryStore(), state: createMemoryStore() };
    const released = { output: createMemoryStore(), state: createMemoryStore() };
    const a = await publish(corpus(), kept.output, kept.state);
    const b = await publish(corpus(), released.output, released.state, 0);
    expect(b.rejected).toEqual(a.rejected);
    expect(b.warnings).toEqual(a.warnings);
    expect(snapshot(released.output)).toEqual(snapshot(kept.output));
    expect(stateOf(released.state)).toEqual(stateOf(kept.state));
    // Checked by hand, not only against the other run: links resolved against the page, files localized.
    const trip = snapshot(released.output)['articles/trip.html'] ?? '';
    expect(trip).toContain('src="https://site.example/news/assets/posts/img/map.png"');
    expect(trip).toContain('href="https://site.example/news/articles/trip.html#notes"');
    expect(trip).toContain('href="https://site.example/news/assets/posts/img/map.png?size=2&amp;x=1"');
    expect(released.output.objects.has('assets/docs/plan.pdf')).toBe(true);
    expect(b.warnings).toContainEqual({ path: 'posts/trip.md', reason: expect.stringContaining('posts/img/missing.jpg') });
    const own = snapshot(released.output)['articles/own-url.html'] ?? '';
    expect(own).toContain('href="https://elsewhere.example/story#part"');
  });

  it('pages rendered again in bulk (the published pages were deleted) read their content again', async () => {
    const input = corpus();
    const output = createMemoryStore();
    const state = createMemoryStore();
    await publish(input, output, state);
    const before = snapshot(output);
    for (const key of [...output.objects.keys()]) if (key.startsWith('articles/')) output.objects.delete(key);
    await publish(input, output, state, 0, '2026-03-02T00:00:00Z');
    expect(snapshot(output)).toEqual(before);
  });

  it('any random site: released equals kept, cold and after an edit', async () => {
    const word = fc.constantFrom('rain', 'vote', 'market', 'goal', '[up](#top)', '![m](pic.png)', '[doc](../d/f.pdf)', '&amp;', 'Ω');
    const story = fc.record({
      day: fc.integer({ min: 1, max: 9 }),
      words: fc.array(word, { minLength: 2, maxLength: 8 }),
      cat: fc.constantFrom('a', 'b'),
      folder: fc.constantFrom('', 'x/'),
      own: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(story, { minLength: 1, maxLength: 7 }), fc.nat(), async (stories, edit) => {
        const input = createMemoryStore();
        const write = (i: number, s: (typeof stories)[number], extra = '') =>
          input.write(
            `${s.folder}s${i}.md`,
            `---\ntitle: S${i}\ndate: 2026-01-0${s.day}\ncategories: [${s.cat}]\n${s.own ? `url: https://own.example/${i}\n` : ''}---\n\n${s.words.join(' ')}${extra}.\n`,
            meta,
          );
        for (const [i, s] of stories.entries()) await write(i, s);
        await input.write('x/pic.png', PNG, meta);
        await input.write('d/f.pdf', PNG, meta);
        const kept = { output: createMemoryStore(), state: createMemoryStore() };
        const released = { output: createMemoryStore(), state: createMemoryStore() };
        await publish(input, kept.output, kept.state);
        await publish(input, released.output, released.state, 0);
        expect(snapshot(released.output)).toEqual(snapshot(kept.output));
        const i = edit % stories.length;
        await write(i, stories[i] as (typeof stories)[number], ' edited');
        await publish(input, kept.output, kept.state, undefined, '2026-03-02T00:00:00Z');
        await publish(input, released.output, released.state, 0, '2026-03-02T00:00:00Z');
        expect(snapshot(released.output)).toEqual(snapshot(kept.output));
        expect(stateOf(released.state)).toEqual(stateOf(kept.state));
      }),
      { numRuns: 40 },
    );
  });

  it('any file name in a reference (Unicode, &, #, ?, spaces, quotes): released equals kept', async () => {
    const name = fc.string({ unit: fc.oneof(fc.constantFrom('&', '&amp;', 'amp;', '#', '?', ' ', '"', "'", '%', '<', '/', '.'), fc.constantFrom('é', 'Ω', '中', '😀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 12 });
    const escape = (v: string) => v.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
    await fc.assert(
      fc.asyncProperty(fc.array(name, { minLength: 1, maxLength: 4 }), fc.boolean(), async (names, exists) => {
        const input = createMemoryStore();
        const refs = names.map((n, i) => `<img src="${escape(`${n}.png`)}"> <a href="${escape(`../${n}.pdf?x=1&y=${i}#p`)}">f${i}</a>`).join(' ');
        await input.write('x/a.md', `---\ntitle: A\ndate: 2026-01-02\n---\n\nSee ${refs} and <a href="#top">top</a>.\n`, meta);
        await input.write('b.md', `---\ntitle: B\ndate: 2026-01-03\n---\n\nNewer.\n`, meta);
        await input.write('c.md', `---\ntitle: C\ndate: 2026-01-04\n---\n\nNewest.\n`, meta);
        if (exists) {
          for (const n of names) {
            // Only names a store accepts as keys: the others stay missing references.
            await input.write(`x/${n}.png`, PNG, meta).catch(() => undefined);
            await input.write(`${n}.pdf`, PNG, meta).catch(() => undefined);
          }
        }
        const kept = { output: createMemoryStore(), state: createMemoryStore() };
        const released = { output: createMemoryStore(), state: createMemoryStore() };
        const a = await publish(input, kept.output, kept.state);
        const b = await publish(input, released.output, released.state, 0);
        expect(b.warnings).toEqual(a.warnings);
        expect(snapshot(released.output)).toEqual(snapshot(kept.output));
        expect(stateOf(released.state)).toEqual(stateOf(kept.state));
      }),
      { numRuns: 60 },
    );
  });

  it('with summary-only category feeds, the feed members are the site feed\'s items only; same bytes as keeping everything', async () => {
    const summaries = parseConfig({ site: { title: 'Released', baseUrl: 'https://site.example/news/' }, feed: { size: 2, archivePageSize: 2, content: { site: 'both', categories: 'summary' } } });
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`s${String(i).padStart(2, '0')}.md`] = `---\ntitle: Story ${i}\ndate: 2026-01-${String(i + 1).padStart(2, '0')}\ncategories: [c${i % 3}]\n---\n\nBody ${i} with [a link](#n${i}).\n`;
    const base = createMemoryStore(files);
    const run = (input: Store, output: Mem, state: Mem, contentInMemory?: number, now = NOW) =>
      publishSite({ config: summaries, input, output, state, clock: fixedClock(now), log: silentLogger, ...(contentInMemory === undefined ? {} : { contentInMemory }) });
    const kept = { output: createMemoryStore(), state: createMemoryStore() };
    const released = { output: createMemoryStore(), state: createMemoryStore() };
    await run(createMemoryStore(files), kept.output, kept.state);
    await run(base, released.output, released.state, 0);
    expect(snapshot(released.output)).toEqual(snapshot(kept.output));
    expect(stateOf(released.state)).toEqual(stateOf(kept.state));
    // The feed members, whose content the run kept for the feeds (and caches for the next run): the site feed's
    // two newest only, none of the category feeds' (they show summaries). The released run cached none.
    expect(cachedKeys(kept.state)).toEqual(['s10.md', 's11.md']);
    expect(cachedKeys(released.state)).toEqual([]);
    // The category feeds show summaries (checked in the bytes): no content element for any item.
    const category = snapshot(released.output)['categories/c0/feed.xml'] ?? '';
    expect(category).toContain('<item>');
    expect(category).not.toContain('content:encoded');
    // An edit: the incremental run equals a forced one (every object rendered) from the same state, so no
    // signature of a summary-only feed missed a change.
    const copy = (store: Mem): Mem => {
      const out = createMemoryStore();
      for (const [k, v] of store.objects) out.objects.set(k, { ...v, body: v.body.slice() });
      return out;
    };
    const forced = { output: copy(released.output), state: copy(released.state) };
    await base.write('s04.md', files['s04.md']?.replace('Body 4', 'Body four') ?? '', meta);
    await base.write('s12.md', `---\ntitle: Story 12\ndate: 2026-01-20\ncategories: [c0]\n---\n\nBody 12.\n`, meta);
    await run(base, released.output, released.state, 0, '2026-03-02T00:00:00Z');
    await publishSite(
      { config: summaries, input: base, output: forced.output, state: forced.state, clock: fixedClock('2026-03-02T00:00:00Z'), log: silentLogger, contentInMemory: 0 },
      { force: true },
    );
    expect(snapshot(released.output)).toEqual(snapshot(forced.output));
  });

  it('a source that loses its article before the page is rendered stops the run, naming it; the published site stays as it was', async () => {
    const input = corpus();
    const output = createMemoryStore();
    const state = createMemoryStore();
    await publish(input, output, state);
    const before = snapshot(output);
    await input.write('list.json', JSON.stringify([{ title: 'First of two', date: '2026-01-03', content: 'One, edited.', categories: ['world'] }, { title: 'Third', date: '2026-01-02', content: 'Three.' }]), meta);
    // Every read of list.json after the first (a feed member's content, its pages') finds one article only: the source changed mid-run.
    let reads = 0;
    const racing: Store = {
      ...input,
      read: async (key) => {
        if (key === 'list.json' && ++reads >= 2) return new TextEncoder().encode(JSON.stringify([{ title: 'First of two', date: '2026-01-03', content: 'One.' }]));
        return input.read(key);
      },
    };
    const error = await publish(racing, output, state, 0, '2026-03-02T00:00:00Z').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentSourceError);
    expect((error as ContentSourceError).path).toBe('list.json');
    // Pages may have been written (nothing links them yet); every feed and listing is the last run's.
    const after = snapshot(output);
    for (const key of Object.keys(before).filter((k) => !k.startsWith('articles/'))) expect(after[key], key).toBe(before[key]);
    // The next run publishes the change.
    await publish(input, output, state, 0, '2026-03-03T00:00:00Z');
    const pages = Object.entries(snapshot(output)).filter(([k]) => k.startsWith('articles/'));
    expect(pages.filter(([, body]) => body.includes('<p>Three.</p>'))).toHaveLength(1);
  });
});
