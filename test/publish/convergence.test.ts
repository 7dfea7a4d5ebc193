import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { MassDeleteError } from '../../src/publish/mass-delete-guard.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { STATE_KEY, readState, serializeState } from '../../src/publish/state.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';

// Convergence of the publish use case from any crash point, checked on memory stores: a "crash" is a
// store that stops accepting writes after the Nth one (what a killed process leaves behind). The real
// SIGKILL matrix against a folder and s3rver lives in test/crash/.

// Feeds of one item and archive pages of one: every crash point includes archive documents and listing pages.
const config = parseConfig({ site: { title: 'Test Site', baseUrl: 'https://site.example/' }, feed: { size: 1, archivePageSize: 1 } });
const body = (n: number) => `Story ${n} opens here. A second sentence adds detail. The third one ends it.`;
const meta = { contentType: 'text/plain', cacheControl: '' };

type Mem = ReturnType<typeof createMemoryStore>;
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

function site(): { input: Mem; output: Mem; state: Mem } {
  return {
    input: createMemoryStore({
      'a.md': `---\ntitle: Alpha\ncategories: [world]\n---\n\n${body(1)}\n`,
      'b.md': `---\ntitle: Beta\ndate: 2026-01-02\ncategories: [world, tech]\n---\n\n${body(2)}\n`,
      'c.txt': `Gamma\n\n${body(3)}\n`,
      'd.md': `---\ntitle: Delta\ndate: 2026-01-04\n---\n\n${body(4)}\n`,
    }),
    output: createMemoryStore(),
    state: createMemoryStore(),
  };
}

const run = (s: { input: Store; output: Store; state: Store }, now = '2026-02-01T00:00:00Z', options = {}) =>
  publishSite({ config, input: s.input, output: s.output, state: s.state, clock: fixedClock(now), log: silentLogger }, options);

/** The output as key → text, for whole-site comparison. */
function snapshot(store: Mem): Record<string, string> {
  return Object.fromEntries([...store.objects].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, decode(v.body)]));
}

/**
 * Output and state stores that together accept `limit` writes/deletes and then fail every one, like a
 * process killed mid-run. The lease object is exempt: a killed process's lease is judged stale by the
 * lease protocol (other pid / expiry), which this in-process simulation cannot show.
 */
function dying(s: { output: Mem; state: Mem }, limit: number): { output: Store; state: Store } {
  let done = 0;
  const gate = (key: string) => {
    if (key !== 'lease.json' && ++done > limit) throw new Error('killed');
  };
  const wrap = (store: Mem): Store => ({
    ...store,
    write: async (k, b, m) => (gate(k), store.write(k, b, m)),
    delete: async (k) => (gate(k), store.delete(k)),
  });
  return { output: wrap(s.output), state: wrap(s.state) };
}

function copy(store: Mem): Mem {
  const out = createMemoryStore();
  for (const [k, v] of store.objects) out.objects.set(k, { body: v.body.slice() });
  return out;
}

describe('publishSite convergence', () => {
  it('a crash at any write followed by an undo of the change converges on the build of the undone input', async () => {
    const base = site();
    await run(base);
    // The change that gets withdrawn: a retracted story plus an edit.
    const change = async (input: Mem) => {
      await input.write('e.md', `---\ntitle: Retracted story\ndate: 2026-01-05\ncategories: [world]\n---\n\n${body(5)}\n`, meta);
      await input.write('b.md', `---\ntitle: Beta edited\ndate: 2026-01-02\ncategories: [world, tech]\n---\n\n${body(9)}\n`, meta);
    };
    const restore = (input: Mem, original: Mem) => {
      input.objects.clear();
      for (const [k, v] of original.objects) input.objects.set(k, v);
    };
    // Two possible histories, built without any crash: the change never happened (A, then A again), or it
    // was published and then withdrawn (A, B, A: the edited article keeps a later `updated`, as readers
    // saw the edit). Which one a crash leaves depends on whether the crashed run saved its state.
    const never = snapshot(base.output);
    const probe = { input: copy(base.input), output: copy(base.output), state: copy(base.state) };
    const original = copy(probe.input);
    await change(probe.input);
    const full = await run(probe, '2026-02-02T00:00:00Z');
    restore(probe.input, original);
    await run(probe, '2026-02-03T00:00:00Z');
    const withdrawn = snapshot(probe.output);
    expect(withdrawn).not.toEqual(never);
    const total = full.written.length + full.deleted.length;
    expect(total).toBeGreaterThan(5);
    for (let limit = 0; limit < total; limit++) {
      const s = { input: copy(base.input), output: copy(base.output), state: copy(base.state) };
      const stateBefore = decode(s.state.objects.get(STATE_KEY)?.body ?? new Uint8Array());
      await change(s.input);
      await expect(run({ input: s.input, ...dying(s, limit) }, '2026-02-02T00:00:00Z')).rejects.toThrow('killed');
      const committed = decode(s.state.objects.get(STATE_KEY)?.body ?? new Uint8Array()) !== stateBefore;
      // Once the run published anything, readers may have the edit, so its withdrawal is dated as one (the
      // run recorded what it dated anew before its first output write: see pending-dates.ts), as if the run
      // had finished. Nothing published: the output is as it was, and the next run finds nothing to do.
      const published = JSON.stringify(snapshot(s.output)) !== JSON.stringify(never);
      // The author withdraws the change.
      restore(s.input, original);
      await run(s, '2026-02-03T00:00:00Z');
      expect(snapshot(s.output), `crash after ${limit} write(s)`).toEqual(committed || published ? withdrawn : never);
      expect(JSON.stringify(snapshot(s.output))).not.toContain('Retracted story');
      // And it stays converged: the run after has nothing to do.
      expect((await run(s, '2026-02-04T00:00:00Z')).written).toEqual([]);
    }
  });

  // A run killed after it published some feeds saved no state: the run after it must publish what readers
  // may already have, not the edit again under a second `updated` (and a new undated article under a second
  // date), whatever else changed meanwhile. Its output equals the killed run's had it finished.
  it('a crash at any write followed by another run publishes the dates the crashed run did', async () => {
    const base = site();
    await run(base);
    const change = async (input: Mem) => {
      await input.write('e.md', `---\ntitle: New undated story\ncategories: [world]\n---\n\n${body(5)}\n`, meta);
      await input.write('d.md', `---\ntitle: Delta edited\ndate: 2026-01-04\n---\n\n${body(9)}\n`, meta);
    };
    const finished = { input: copy(base.input), output: copy(base.output), state: copy(base.state) };
    await change(finished.input);
    const full = await run(finished, '2026-02-02T00:00:00Z');
    const atCrash = snapshot(finished.output);
    const later = { input: copy(base.input), output: copy(base.output), state: copy(base.state) };
    await change(later.input);
    await run(later, '2026-02-03T00:00:00Z');
    expect(snapshot(later.output)).not.toEqual(atCrash);
    const total = full.written.length + full.deleted.length;
    for (let limit = 0; limit < total; limit++) {
      const s = { input: copy(base.input), output: copy(base.output), state: copy(base.state) };
      await change(s.input);
      const outputBefore = snapshot(s.output);
      await expect(run({ input: s.input, ...dying(s, limit) }, '2026-02-02T00:00:00Z')).rejects.toThrow('killed');
      const published = JSON.stringify(snapshot(s.output)) !== JSON.stringify(outputBefore);
      const recorded = decode(s.state.objects.get('pending-dates.json')?.body ?? new Uint8Array()).includes('2026-02-02T00:00:00.000Z');
      // Whatever else changed meanwhile: a file touched (a new version token, the same bytes), and --force.
      await s.input.write('a.md', (await s.input.read('a.md')) as Uint8Array, meta);
      await run(s, '2026-02-03T00:00:00Z', limit % 2 === 0 ? { force: true } : {});
      // Nothing reached readers (the dates are recorded before the first output write, and not even that
      // was): the later run's own time is as good as any.
      expect(snapshot(s.output), `crash after ${limit} write(s)`).toEqual(published || recorded ? atCrash : snapshot(later.output));
      expect((await run(s, '2026-02-04T00:00:00Z')).written).toEqual([]);
      expect(s.state.objects.has('pending-dates.json')).toBe(false);
    }
  });

  // What readers may have after a run that died once its pages and feeds were written, its state not saved.
  async function crashedAfterPublishing(s: { input: Mem; output: Mem; state: Mem }, at: string) {
    const probe = { input: copy(s.input), output: copy(s.output), state: copy(s.state) };
    const report = await run(probe, at);
    // The dates record, then every output write and delete; the state's writes come after.
    const limit = 1 + report.written.length + report.deleted.length;
    await expect(run({ input: s.input, ...dying(s, limit) }, at)).rejects.toThrow('killed');
  }
  // Every item of the site feed, its archive pages included (feeds here hold one item each).
  const itemsOf = (s: { output: Mem }) =>
    Object.entries(snapshot(s.output))
      .filter(([key]) => key === 'feed.json' || /^archive\/\d+\/feed\.json$/.test(key))
      .flatMap(([, text]) => (JSON.parse(text) as { items: { id: string; title: string; date_published: string; date_modified: string }[] }).items);

  it('after a crash, a new article renamed, edited or moved in its array keeps its id and first-seen date; a reverted edit is dated forward', async () => {
    // Renamed before the next run: the same id and date (no duplicate item).
    const renamed = site();
    await run(renamed);
    await renamed.input.write('n.md', `---\ntitle: New\n---\n\n${body(6)}\n`, meta);
    await crashedAfterPublishing(renamed, '2026-02-02T00:00:00Z');
    const seen = itemsOf(renamed).find((i) => i.title === 'New');
    expect(seen?.date_published).toBe('2026-02-02T00:00:00.000Z');
    await renamed.input.write('n2.md', (await renamed.input.read('n.md')) as Uint8Array, meta);
    await renamed.input.delete('n.md');
    await run(renamed, '2026-02-03T00:00:00Z');
    expect(itemsOf(renamed).filter((i) => i.title === 'New')).toEqual([seen]);

    // Edited again: the first-seen date stays, the edit is dated now.
    const edited = site();
    await run(edited);
    await edited.input.write('n.md', `---\ntitle: New\n---\n\n${body(6)}\n`, meta);
    await crashedAfterPublishing(edited, '2026-02-02T00:00:00Z');
    await edited.input.write('n.md', `---\ntitle: New\n---\n\n${body(7)}\n`, meta);
    await run(edited, '2026-02-03T00:00:00Z');
    expect(itemsOf(edited).find((i) => i.title === 'New')).toMatchObject({ date_published: '2026-02-02T00:00:00.000Z', date_modified: '2026-02-03T00:00:00.000Z' });

    // An element inserted at the top of a JSON array after the crash is new; the dead run's element keeps its id.
    const array = site();
    const element = (title: string) => ({ title, content_text: `${title} opens here. A second sentence adds detail.` });
    await array.input.write('list.json', JSON.stringify([element('Alpha'), element('Beta')]), meta);
    await run(array);
    await array.input.write('list.json', JSON.stringify([element('Gamma'), element('Alpha'), element('Beta')]), meta);
    await crashedAfterPublishing(array, '2026-02-02T00:00:00Z');
    const gamma = itemsOf(array).find((i) => i.title === 'Gamma');
    await array.input.write('list.json', JSON.stringify([element('Delta'), element('Gamma'), element('Alpha'), element('Beta')]), meta);
    await run(array, '2026-02-03T00:00:00Z');
    expect(itemsOf(array).find((i) => i.title === 'Gamma')).toEqual(gamma);
    expect(itemsOf(array).find((i) => i.title === 'Delta')?.id).not.toBe(gamma?.id);

    // An edit published by the dead run, then reverted: readers had the edit, so the original is dated forward.
    const reverted = site();
    await run(reverted);
    const original = (await reverted.input.read('d.md')) as Uint8Array;
    await reverted.input.write('d.md', `---\ntitle: Delta\ndate: 2026-01-04\n---\n\n${body(9)}\n`, meta);
    await crashedAfterPublishing(reverted, '2026-02-02T00:00:00Z');
    await reverted.input.write('d.md', original, meta);
    await run(reverted, '2026-02-03T00:00:00Z');
    expect(itemsOf(reverted).find((i) => i.title === 'Delta')?.date_modified).toBe('2026-02-03T00:00:00.000Z');

    // The same for a source whose name holds `#` (its key is not cut at the `#`).
    const hashed = site();
    const notes = `---\ntitle: Notes\ndate: 2026-01-05\n---\n\n${body(3)}\n`;
    await hashed.input.write('notes #1.md', notes, meta);
    await run(hashed);
    await hashed.input.write('notes #1.md', notes.replace(body(3), body(8)), meta);
    await crashedAfterPublishing(hashed, '2026-02-02T00:00:00Z');
    await hashed.input.write('notes #1.md', notes, meta);
    await run(hashed, '2026-02-03T00:00:00Z');
    expect(itemsOf(hashed).find((i) => i.title === 'Notes')?.date_modified).toBe('2026-02-03T00:00:00.000Z');
  });

  it('a crash does not keep an article held past its time: the run after it publishes what is due by then', async () => {
    const s = site();
    await run(s);
    await s.input.write('h.md', `---\ntitle: Held story\ndate: 2026-02-02T01:00:00Z\n---\n\n${body(7)}\n`, meta);
    await s.input.write('n.md', `---\ntitle: New undated\n---\n\n${body(8)}\n`, meta);
    // Killed after its first output writes, while the story is still ahead.
    await expect(run({ input: s.input, ...dying(s, 3) }, '2026-02-02T00:00:00Z')).rejects.toThrow('killed');
    const report = await run(s, '2026-02-02T02:00:00Z');
    expect(report.held ?? []).toEqual([]);
    expect(snapshot(s.output)['feed.json']).toContain('Held story');
  });

  // A first run that fails (a full disk, an S3 outage) releases its lease and saves no state, yet may have
  // written pages and feeds: the next run must take them as its own (the output claim), not refuse them as
  // another tool's files, and converge on a clean build.
  it('a first run that fails at any write is followed by a run that converges, never by a refusal', async () => {
    const clean = site();
    const first = await run(clean);
    // `written` names the state's objects too: the last limits fail after the state is saved.
    const total = first.written.length;
    let withoutState = 0;
    for (let limit = 0; limit < total; limit++) {
      const s = site();
      await expect(run({ input: s.input, ...dying(s, limit) })).rejects.toThrow('killed');
      expect([...s.state.objects.keys()], `lease released after ${limit} write(s)`).not.toContain('lease.json');
      if (!s.state.objects.has(STATE_KEY)) withoutState++;
      await run(s);
      expect(snapshot(s.output), `failed after ${limit} write(s)`).toEqual(snapshot(clean.output));
    }
    expect(withoutState).toBeGreaterThan(10);
  });

  it('refuses a first run into an output holding publisher files that no run claimed, changing nothing', async () => {
    const s = site();
    await s.output.write('index.html', '<h1>Another tool made this</h1>', meta);
    await s.output.write('articles/theirs.html', '<p>Theirs</p>', meta);
    const before = snapshot(s.output);
    await expect(run(s)).rejects.toMatchObject({ name: 'ForeignOutputError', code: 'foreign-output-refused', found: ['articles/theirs.html', 'index.html'] });
    expect(snapshot(s.output)).toEqual(before);
    expect([...s.state.objects.keys()]).toEqual([]);
    const report = await run(s, undefined, { allowMassDelete: true });
    expect(report.deleted).toEqual(['articles/theirs.html']);
  });

  it('rewrites an object changed behind its back and deletes orphans in its own namespace only', async () => {
    const s = site();
    await run(s);
    const clean = snapshot(s.output);
    await s.output.write('feed.xml', 'tampered', meta);
    await s.output.write('articles/orphan.html', 'left by a crashed run', meta);
    await s.output.write('CNAME', 'news.example.org', meta);
    const report = await run(s);
    expect(report.written).toContain('feed.xml');
    expect(report.deleted).toContain('articles/orphan.html');
    const { CNAME, ...rest } = snapshot(s.output);
    expect(CNAME).toBe('news.example.org');
    expect(rest).toEqual(clean);
  });

  it('keeps no state in the output and moves a legacy _feedwright/ state out, keeping first-seen dates', async () => {
    const s = site();
    await run(s, '2026-02-01T00:00:00Z');
    expect([...s.output.objects.keys()].some((k) => k.startsWith('_feedwright/'))).toBe(false);
    const feed = snapshot(s.output)['feed.json'];
    // Simulate a site published by an older Feedwright: the state sat in the output.
    const legacy = createMemoryStore();
    for (const [k, v] of s.output.objects) legacy.objects.set(k, v);
    // An older Feedwright wrote one state file (version 1), never shards.
    legacy.objects.set('_feedwright/state.json', { body: new TextEncoder().encode(serializeState(await readState(s.state))) });
    const migrated = { input: s.input, output: legacy, state: createMemoryStore() };
    await run(migrated, '2026-03-01T00:00:00Z');
    expect([...legacy.objects.keys()].some((k) => k.startsWith('_feedwright/'))).toBe(false);
    expect(migrated.state.objects.has(STATE_KEY)).toBe(true);
    // Undated articles keep the first-seen date of the first run, not the migration's.
    expect(snapshot(legacy)['feed.json']).toBe(feed);
  });

  it('refuses a run that finds no sources, or would remove more than half the site, and changes nothing', async () => {
    const s = site();
    await run(s);
    const before = snapshot(s.output);
    const stateBefore = snapshot(s.state);
    const empty = { ...s, input: createMemoryStore() };
    await expect(run(empty)).rejects.toThrow(MassDeleteError);
    await expect(run(empty)).rejects.toThrow(/--allow-mass-delete/);
    for (const key of ['a.md', 'b.md', 'c.txt']) await s.input.delete(key);
    await expect(run(s)).rejects.toMatchObject({ code: 'mass-delete-refused', exitCode: 1 });
    expect(snapshot(s.output)).toEqual(before);
    expect(snapshot(s.state)).toEqual(stateBefore);
    const allowed = await run(s, '2026-02-01T00:00:00Z', { allowMassDelete: true });
    expect(allowed.articles).toBe(1);
  });

  it('keeps the first-seen date of an article that comes back after a short absence', async () => {
    const s = site();
    await run(s, '2026-02-01T00:00:00Z');
    const gamma = (await s.input.read('c.txt')) as Uint8Array;
    await s.input.delete('c.txt');
    await run(s, '2026-02-02T00:00:00Z');
    expect(snapshot(s.output)['feed.json']).not.toContain('Gamma');
    await s.input.write('c.txt', gamma, meta);
    await run(s, '2026-02-05T00:00:00Z');
    // The current feed or one of its archive documents.
    const all = Object.entries(snapshot(s.output))
      .filter(([k]) => /^(archive\/\d+\/)?feed\.json$/.test(k))
      .flatMap(([, v]) => (JSON.parse(v) as { items: { title: string; date_published: string }[] }).items);
    expect(all.find((i) => i.title === 'Gamma')?.date_published).toBe('2026-02-01T00:00:00.000Z');
  });

  it('--rebuild-state recovers from a corrupt state with the first-seen dates the feeds show', async () => {
    const s = site();
    await run(s, '2026-02-01T00:00:00Z');
    const clean = snapshot(s.output);
    await s.state.write(STATE_KEY, '{"version":1,"artic', meta);
    await expect(run(s, '2026-02-09T00:00:00Z')).rejects.toMatchObject({ code: 'corrupt-state', exitCode: 3 });
    await expect(run(s, '2026-02-09T00:00:00Z')).rejects.toThrow(/--rebuild-state/);
    await run(s, '2026-02-09T00:00:00Z', { rebuildState: true });
    expect(snapshot(s.output)).toEqual(clean);
    // And the rebuilt state is a normal one: the next run has nothing to do.
    const next = await run(s, '2026-02-10T00:00:00Z');
    expect(next.written).toEqual([]);
  });

  it('deletes stale feeds and listings before the pages they link to', async () => {
    const s = site();
    await run(s);
    // Beta was the only article in "tech": its category feeds and its page go together.
    await s.input.delete('b.md');
    const report = await run(s);
    const pageAt = report.deleted.indexOf('articles/beta.html');
    expect(pageAt).toBeGreaterThan(-1);
    for (const key of report.deleted.filter((k) => k.startsWith('categories/tech/'))) expect(report.deleted.indexOf(key)).toBeLessThan(pageAt);
    expect(report.deleted.filter((k) => k.startsWith('categories/tech/'))).toHaveLength(4);
  });

  it('never reads or writes the state in a dry run, and never holds the lease', async () => {
    const s = site();
    const report = await run(s, '2026-02-01T00:00:00Z', { dryRun: true });
    expect(report.written.length).toBeGreaterThan(5);
    expect(s.output.writes).toEqual([]);
    expect(s.state.writes).toEqual([]);
  });
});
