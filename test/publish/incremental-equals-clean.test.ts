import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { readState } from '../../src/publish/state.js';
import { splitState } from '../../src/publish/state-shards.js';

// Incremental runs skip feeds, archives and listing pages whose signature (a hash of their inputs) is
// unchanged. If a signature ever missed an input, an incremental run would keep stale bytes: so after
// every step of a random edit sequence the incrementally published site must equal what a forced run
// (every object rendered, nothing skipped) makes from the same input and state, byte for byte. (Not a
// clean build: an edited article's `updated` time is history a clean build cannot know.) Small feeds (2 items, archive pages of 2) make every edit move items
// across current documents, archive pages and listing pages.
const config = parseConfig({ site: { title: 'Prop Site', baseUrl: 'https://prop.example/' }, feed: { size: 2, archivePageSize: 2 } });
const meta = { contentType: 'text/plain', cacheControl: '' };
const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const NOW = '2026-06-01T00:00:00Z';

interface Story {
  title: string;
  day: number;
  categories: string[];
  words: string[];
  summary?: string;
}

const word = fc.constantFrom('rain', 'vote', 'market', 'goal', 'court', 'storm', 'bank', 'film', 'cup', 'deal');
const story: fc.Arbitrary<Story> = fc.record(
  {
    title: fc.constantFrom('Alpha', 'Beta', 'Gamma', 'Delta <b>', 'Epsilon & co', 'Zeta'),
    day: fc.integer({ min: 1, max: 9 }),
    categories: fc.uniqueArray(fc.constantFrom('world', 'tech', 'sport', 'Arts & <Culture>'), { maxLength: 3 }),
    words: fc.array(word, { minLength: 3, maxLength: 12 }),
    summary: fc.constantFrom('A set summary.', 'Another summary.'),
  },
  { requiredKeys: ['title', 'day', 'categories', 'words'] },
);

function source(s: Story): string {
  const front = [
    `title: ${JSON.stringify(s.title)}`,
    `date: 2026-01-0${s.day}`,
    `categories: [${s.categories.map((c) => JSON.stringify(c)).join(', ')}]`,
    ...(s.summary ? [`summary: ${JSON.stringify(s.summary)}`] : []),
  ];
  return `---\n${front.join('\n')}\n---\n\n${s.words.join(' ')} first. Then ${s.words.slice(1).join(' ')} again.\n`;
}

type Step = { kind: 'put'; name: number; story: Story } | { kind: 'remove'; name: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('put' as const), name: fc.integer({ min: 0, max: 7 }), story }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), name: fc.integer({ min: 0, max: 7 }) }) },
);

type Mem = ReturnType<typeof createMemoryStore>;

async function publish(input: Mem, output = createMemoryStore(), state = createMemoryStore(), force = false) {
  const report = await publishSite({ config, input, output, state, clock: fixedClock(NOW), log: silentLogger }, { allowMassDelete: true, force });
  return { output, state, report };
}

function copy(store: Mem): Mem {
  const out = createMemoryStore();
  for (const [k, v] of store.objects) out.objects.set(k, { ...v, body: v.body.slice() });
  return out;
}

const snapshot = (store: ReturnType<typeof createMemoryStore>) =>
  Object.fromEntries([...store.objects].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, decode(v.body)]));

describe('incremental publishing', () => {
  it('after any sequence of adds, edits and removals, the incremental site equals a forced full render', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(story, { minLength: 3, maxLength: 6 }), fc.array(step, { minLength: 1, maxLength: 6 }), async (initial, steps) => {
        const input = createMemoryStore();
        for (const [i, s] of initial.entries()) await input.write(`s${i}.md`, source(s), meta);
        const output = createMemoryStore();
        const state = createMemoryStore();
        await publish(input, output, state);
        for (const change of steps) {
          if (change.kind === 'put') await input.write(`s${change.name}.md`, source(change.story), meta);
          else await input.delete(`s${change.name}.md`);
          await publish(input, output, state);
          const forced = await publish(input, copy(output), copy(state), true);
          expect(snapshot(output)).toEqual(snapshot(forced.output));
          // Shards kept without being serialized again (none of their records changed) hold the same
          // records as the forced run's freshly serialized state, and are named by their content.
          const kept = await readState(state);
          const rewritten = await readState(forced.state);
          for (const field of ['sources', 'items', 'articles', 'retired'] as const) expect(kept[field], field).toEqual(rewritten[field]);
          const stored = [...state.objects.keys()].filter((k) => k.startsWith('shards/')).sort();
          expect(stored).toEqual([...splitState(kept).shards.keys()].sort());
        }
      }),
      { seed: 13, numRuns: 40 },
    );
  }, 120_000);

  it('skips rendering: a second run over the same input writes nothing, and one new article rewrites a handful of objects', async () => {
    const input = createMemoryStore();
    for (let i = 0; i < 12; i++) await input.write(`s${i}.md`, source({ title: `Story ${i}`, day: (i % 9) + 1, categories: ['world'], words: ['rain', 'vote', 'bank'] }), meta);
    const first = await publish(input);
    await input.write('s99.md', source({ title: 'Late story', day: 9, categories: ['tech'], words: ['goal', 'cup', 'deal'] }), meta);
    const report = await publishSite({ config, input, output: first.output, state: first.state, clock: fixedClock(NOW), log: silentLogger });
    // Its page, its neighbours' pages, the site and `tech` feeds (3 formats each), listing pages, OPML,
    // sitemap: far fewer than the ~70 objects of the site, and every `world` archive page is untouched.
    expect(report.written.filter((k) => k.startsWith('categories/world/archive/'))).toEqual([]);
    const site = report.written;
    expect(site.length).toBeLessThan(Object.keys(snapshot(first.output)).length / 2);
    // State shards: at most one per written object's owner (its key, or its folder for feed documents) plus the new source's.
    expect(report.stateWritten.filter((k) => k.startsWith('shards/')).length).toBeLessThanOrEqual(site.length + 1);
  });

  // A cold build reads every article with its content; the next run reads most from the state without it.
  // What archives and listing pages show has no content, so their signatures must not see the difference
  // (else the first run after a cold build renders every archive page again to find its bytes equal).
  it('signs archive and listing pages alike whether their items were read with content or without', async () => {
    const input = createMemoryStore();
    for (let i = 0; i < 12; i++) await input.write(`s${i}.md`, source({ title: `Story ${i}`, day: (i % 9) + 1, categories: ['world'], words: ['rain', 'vote', 'bank'] }), meta);
    // `tech` exists from the start: a new category would change every listing page's list of feeds.
    await input.write('s98.md', source({ title: 'Early story', day: 1, categories: ['tech'], words: ['goal', 'cup', 'deal'] }), meta);
    const first = await publish(input);
    const before = (await readState(first.state)).signatures;
    await input.write('s99.md', source({ title: 'Late story', day: 9, categories: ['tech'], words: ['goal', 'cup', 'deal'] }), meta);
    await publishSite({ config, input, output: first.output, state: first.state, clock: fixedClock(NOW), log: silentLogger });
    const after = (await readState(first.state)).signatures;
    const world = Object.keys(before).filter((k) => /^categories\/world\/(?:archive|page)\//.test(k));
    expect(world.length).toBeGreaterThan(3);
    for (const key of world) expect(after[key], key).toBe(before[key]);
  });
});

describe('a changed site language', () => {
  // Untagged articles are summarized with the site's language: English stemming and stop words, or the
  // language-neutral method. A text on which the two pick different second sentences (checked with
  // `feedwright summarize --lang en|de --sentences 2`).
  const text = [
    'Harbour workers said the plan would protect jobs at the port for many years.',
    'Those who were there said that it was what they had wanted all along.',
    'The port expects the first ships to use the new quay next spring.',
    'The islands have waited for a terminal since the old one closed.',
    'The plans include a new crane, a wider quay and a ferry terminal for the islands.',
    'The council approved the new harbour plan on Tuesday after a long debate.',
    'Cranes lifted the first steel beams onto the quay on Monday.',
    'It was not the first time that they had been asked about it by them.',
    'The cost of the terminal rose twice before the vote.',
  ].join('\n\n');
  const site = (language: string) =>
    parseConfig({ site: { title: 'Harbour', baseUrl: 'https://harbour.example/', language }, summary: { sentences: 2 } });

  it('summarizes every article again: the site equals a clean build in the new language', async () => {
    const input = createMemoryStore({ 'quay.md': `---\ntitle: Quay\ndate: 2026-01-02\n---\n\n${text}\n` });
    const run = (language: string, output = createMemoryStore(), state = createMemoryStore()) =>
      publishSite({ config: site(language), input, output, state, clock: fixedClock(NOW), log: silentLogger }).then(() => output);
    const summary = (output: Mem) => (JSON.parse(decode(output.objects.get('feed.json')?.body ?? new Uint8Array())) as { items: { summary: string }[] }).items[0]?.summary;
    const output = createMemoryStore();
    const state = createMemoryStore();
    await run('en', output, state);
    const english = summary(output);
    await run('de', output, state);
    const german = summary(await run('de'));
    expect(german).not.toBe(english);
    expect(summary(output)).toBe(german);
  });
});
