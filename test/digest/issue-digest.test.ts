import { XMLValidator } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import type { Config } from '../../src/config/config.js';
import { DigestNotFoundError, type DigestDeps, issueDigest, parseDigestState, scheduledTimeAt } from '../../src/digest/index.js';
import type { FeedItem } from '../../src/feeds/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { digestSite, makeConfig, makeItem } from './helpers.js';

function setup(items: FeedItem[], config: Config = makeConfig()) {
  const { output, state, deps: depsFor } = digestSite(items);
  const deps = (clockIso: string): DigestDeps => depsFor(config, clockIso);
  const text = (key: string): string | null => {
    const bytes = output.objects.get(key)?.body;
    return bytes ? new TextDecoder().decode(bytes) : null;
  };
  const stateText = (key: string): string | null => {
    const bytes = state.objects.get(key)?.body;
    return bytes ? new TextDecoder().decode(bytes) : null;
  };
  return { output, state, deps, text, stateText };
}

const ITEMS = [
  makeItem({ id: 'a1', title: 'First <b>&', published: '2026-11-25T09:00:00Z', categories: ['News'] }),
  makeItem({ id: 'a2', published: '2026-11-26T09:00:00Z' }),
  makeItem({ id: 'a3', published: '2026-11-26T10:00:00Z', categories: ['Sport'] }),
];

describe('issueDigest', () => {
  it('writes the issue in four formats, then index and feeds, then the state last', async () => {
    const { output, deps, text, stateText } = setup(ITEMS);
    const report = await issueDigest(deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    const prefix = 'digests/daily/';
    expect(output.writes).toEqual([
      `${prefix}2026-11-27.html`,
      `${prefix}2026-11-27.md`,
      `${prefix}2026-11-27.txt`,
      `${prefix}2026-11-27.json`,
      `${prefix}index.html`,
      `${prefix}feed.xml`,
      `${prefix}atom.xml`,
      `${prefix}feed.json`,
      `${prefix}sitemap.xml`,
    ]);
    expect(report).toMatchObject({ action: 'digest', articles: 2, dryRun: false, deleted: [], rejected: [] });
    expect(report.written).toEqual(output.writes);
    expect(report.stateWritten).toEqual(['digests/daily.json']);
    // The digest state is private: in the state store, never in the published output.
    expect([...output.objects.keys()].some((k) => k.includes('_feedwright') || !k.startsWith(prefix))).toBe(false);
    const state = parseDigestState(stateText('digests/daily.json'), 'k', 'daily');
    // No article ids in the state (they would grow with the site); the issue's JSON lists them.
    expect(state.issues).toEqual([{ date: '2026-11-27', scheduled: '2026-11-27T07:00:00.000Z', count: 2 }]);
    const issued = JSON.parse(new TextDecoder().decode(output.objects.get(`${prefix}2026-11-27.json`)?.body)) as { sections: { articles: { id: string }[] }[] };
    expect(issued.sections.flatMap((s) => s.articles.map((a) => a.id))).toEqual(['a3', 'a2']);
    expect(Object.keys(state.hashes)).toContain(`${prefix}2026-11-27.html`);
    expect(output.objects.get(`${prefix}2026-11-27.html`)?.meta?.contentType).toMatch(/^text\/html/);
  });

  it('defaults `at` to the clock', async () => {
    const { output, deps } = setup(ITEMS);
    await issueDigest(deps('2026-11-26T08:00:00Z'), { digestId: 'daily' });
    expect(output.writes).toContain('digests/daily/2026-11-26.html');
  });

  it('re-issuing the same scheduled time writes nothing', async () => {
    const { output, deps } = setup(ITEMS);
    await issueDigest(deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    output.writes.length = 0;
    const again = await issueDigest(deps('2026-11-27T23:00:00Z'), { digestId: 'daily' });
    expect(output.writes).toEqual([]);
    expect(again.written).toEqual([]);
    expect(again.unchanged).toBe(9);
  });

  it('re-issuing writes nothing when an article has an image (the record keeps it; the feeds are made from the record)', async () => {
    const items = [makeItem({ id: 'p1', published: '2026-11-26T09:00:00Z', image: 'https://news.example/img/hive-frame.jpg' })];
    const { output, deps, text } = setup(items);
    await issueDigest(deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    const first = ['feed.xml', 'atom.xml', 'feed.json', '2026-11-27.json'].map((name) => text(`digests/daily/${name}`));
    expect(first.every((t) => t?.includes('hive-frame.jpg'))).toBe(true);
    output.writes.length = 0;
    // A later run of an issued time, and a backfill over it, read the issue back from its record.
    await issueDigest(deps('2026-11-27T23:00:00Z'), { digestId: 'daily' });
    await issueDigest(deps('2026-11-28T23:00:00Z'), { digestId: 'daily', since: new Date('2026-11-20T00:00:00Z') });
    expect(output.writes.filter((key) => !key.startsWith('digests/daily/2026-11-28'))).toEqual([]);
    expect(['feed.xml', 'atom.xml', 'feed.json', '2026-11-27.json'].map((name) => text(`digests/daily/${name}`)?.includes('hive-frame.jpg'))).toEqual([true, true, true, true]);
  });

  it('keeps an issued issue frozen when articles change later', async () => {
    const items = [...ITEMS];
    const { output, deps, text } = setup(items);
    await issueDigest(deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    const before = text('digests/daily/2026-11-27.html');
    items.push(makeItem({ id: 'late', published: '2026-11-26T12:00:00Z' }));
    output.writes.length = 0;
    await issueDigest(deps('2026-11-27T08:00:00Z'), { digestId: 'daily' });
    expect(output.writes).toEqual([]);
    expect(text('digests/daily/2026-11-27.html')).toBe(before);
  });

  it('rewrites everything with force', async () => {
    const { output, deps } = setup(ITEMS);
    await issueDigest(deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    output.writes.length = 0;
    await issueDigest(deps('2026-11-27T07:05:00Z'), { digestId: 'daily', force: true });
    expect(output.writes).toHaveLength(9);
  });

  it('writes nothing in a dry run but reports what it would write', async () => {
    const { output, deps } = setup(ITEMS);
    const report = await issueDigest(deps('2026-11-27T07:05:00Z'), { digestId: 'daily', dryRun: true });
    expect(output.writes).toEqual([]);
    expect(report.dryRun).toBe(true);
    expect(report.written).toContain('digests/daily/2026-11-27.html');
    expect(report.stateWritten).toEqual(['digests/daily.json']);
    expect(report.written).not.toContain('digests/daily.json');
  });

  it('issues nothing for an empty window', async () => {
    const { output, deps, text, stateText } = setup(ITEMS);
    const report = await issueDigest(deps('2026-11-29T07:05:00Z'), { digestId: 'daily' });
    expect(output.writes.filter((k) => /\d{4}-\d{2}-\d{2}/.test(k))).toEqual([]);
    expect(report.articles).toBe(0);
    expect(parseDigestState(stateText('digests/daily.json'), 'k', 'daily').issues).toEqual([]);
    // The feed exists (so readers can subscribe early) but has no entries.
    const feed = parseFeed(text('digests/daily/feed.json') ?? '');
    if (feed.format !== 'json') throw new Error('expected JSON Feed');
    expect(feed.feed.items ?? []).toHaveLength(0);
  });

  it('issues an empty issue when publishEmpty is set', async () => {
    const base = makeConfig();
    const config = { ...base, digests: base.digests.map((d) => (d.id === 'daily' ? { ...d, publishEmpty: true } : d)) };
    const { output, deps, text } = setup(ITEMS, config);
    await issueDigest(deps('2026-11-29T07:05:00Z'), { digestId: 'daily' });
    expect(output.writes).toContain('digests/daily/2026-11-29.html');
    expect(text('digests/daily/2026-11-29.txt')).toContain('No new articles in this period.');
  });

  it('backfills every missed scheduled time in (since, at]', async () => {
    const { output, deps, text } = setup(ITEMS);
    // Scheduled times after 2026-11-24T12:00Z up to 2026-11-28T07:00Z: the 25th, 26th, 27th and 28th at 07:00Z.
    // Windows: 25th (24th 07:00, 25th 07:00] empty; 26th holds a1; 27th holds a2 and a3; 28th empty.
    const report = await issueDigest(deps('2026-11-28T09:00:00Z'), { digestId: 'daily', since: new Date('2026-11-24T12:00:00Z') });
    const dated = output.writes.filter((k) => k.endsWith('.html') && !k.endsWith('index.html'));
    expect(dated).toEqual(['digests/daily/2026-11-26.html', 'digests/daily/2026-11-27.html']);
    expect(report.articles).toBe(3);
    const index = text('digests/daily/index.html') ?? '';
    expect(index.indexOf('2026-11-27.html')).toBeLessThan(index.indexOf('2026-11-26.html'));
    expect(index.indexOf('2026-11-26.html')).toBeGreaterThan(0);
  });

  it('catches up a missed scheduled run since the last recorded issue', async () => {
    const { output, deps } = setup(ITEMS);
    // The 26th 07:00Z run issues a1; the run due on the 27th fails; the 28th run also issues the 27th.
    await issueDigest(deps('2026-11-26T07:05:00Z'), { digestId: 'daily' });
    output.writes.length = 0;
    const report = await issueDigest(deps('2026-11-28T07:05:00Z'), { digestId: 'daily' });
    const dated = output.writes.filter((k) => /\d{4}-\d{2}-\d{2}\.json$/.test(k));
    expect(dated).toEqual(['digests/daily/2026-11-27.json']);
    expect(report.articles).toBe(2);
  });

  it('accepts an explicit `at` in the past', async () => {
    const { output, deps } = setup(ITEMS);
    await issueDigest(deps('2030-01-01T00:00:00Z'), { digestId: 'daily', at: new Date('2026-11-26T07:00:00Z') });
    expect(output.writes[0]).toBe('digests/daily/2026-11-26.html');
  });

  it('refuses an unknown digest with the configured ids', async () => {
    const { deps } = setup(ITEMS);
    const error = await issueDigest(deps('2026-11-27T07:05:00Z'), { digestId: 'hourly' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestNotFoundError);
    expect(error).toMatchObject({ name: 'DigestNotFoundError', digestId: 'hourly', configured: ['daily', 'weekly'] });
  });
});

describe('digest feeds', () => {
  async function twoIssues() {
    const env = setup(ITEMS);
    await issueDigest(env.deps('2026-11-26T07:05:00Z'), { digestId: 'daily' });
    const first = { rss: env.text('digests/daily/feed.xml') ?? '', atom: env.text('digests/daily/atom.xml') ?? '', json: env.text('digests/daily/feed.json') ?? '' };
    await issueDigest(env.deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    const second = { rss: env.text('digests/daily/feed.xml') ?? '', atom: env.text('digests/daily/atom.xml') ?? '', json: env.text('digests/daily/feed.json') ?? '' };
    return { first, second };
  }

  const ID_26 = 'tag:news.example,2026:digests/daily/2026-11-26';
  const ID_27 = 'tag:news.example,2026:digests/daily/2026-11-27';

  it('are well-formed XML', async () => {
    const { second } = await twoIssues();
    expect(XMLValidator.validate(second.rss)).toBe(true);
    expect(XMLValidator.validate(second.atom)).toBe(true);
  });

  it('have one entry per issue, newest first, with stable ids', async () => {
    const { first, second } = await twoIssues();
    const rss1 = parseFeed(first.rss);
    const rss2 = parseFeed(second.rss);
    if (rss1.format !== 'rss' || rss2.format !== 'rss') throw new Error('expected RSS');
    expect(rss1.feed.items?.map((i) => i.guid?.value)).toEqual([ID_26]);
    expect(rss2.feed.items?.map((i) => i.guid?.value)).toEqual([ID_27, ID_26]);
    expect(rss2.feed.items?.[0]?.link).toBe('https://news.example/digests/daily/2026-11-27.html');

    const atom = parseFeed(second.atom);
    if (atom.format !== 'atom') throw new Error('expected Atom');
    expect(atom.feed.entries?.map((e) => e.id)).toEqual([ID_27, ID_26]);
    expect(atom.feed.entries?.map((e) => e.updated)).toEqual(['2026-11-27T07:00:00.000Z', '2026-11-26T07:00:00.000Z']);
    // Feed-level updated is the newest issue's scheduled time, not the clock (07:05).
    expect(atom.feed.updated).toBe('2026-11-27T07:00:00.000Z');

    const json = parseFeed(second.json);
    if (json.format !== 'json') throw new Error('expected JSON Feed');
    expect(json.feed.items?.map((i) => i.id)).toEqual([ID_27, ID_26]);
    expect(json.feed.items?.[0]?.content_html).toContain('Article a3');
  });

  it('carry the issue body as entry content', async () => {
    const { second } = await twoIssues();
    const json = parseFeed(second.json);
    if (json.format !== 'json') throw new Error('expected JSON Feed');
    const older = json.feed.items?.find((i) => i.id === ID_26);
    expect(older?.content_html).toContain('First &lt;b&gt;&amp;');
    expect(older?.content_html).not.toContain('<script');
  });

  it('keep the newest feed.size issues and archive older ones (RFC 5005), with a paginated index', async () => {
    const base = makeConfig();
    const env = setup(ITEMS, { ...base, feed: { ...base.feed, size: 1, archivePageSize: 1 } });
    await issueDigest(env.deps('2026-11-27T07:05:00Z'), { digestId: 'daily', since: new Date('2026-11-25T00:00:00Z') });
    const json = parseFeed(env.text('digests/daily/feed.json') ?? '');
    if (json.format !== 'json') throw new Error('expected JSON Feed');
    expect(json.feed.items?.map((i) => i.id)).toEqual([ID_27]);
    expect(json.feed.next_url).toBe('https://news.example/digests/daily/archive/1/feed.json');
    const archive = parseFeed(env.text('digests/daily/archive/1/feed.json') ?? '');
    if (archive.format !== 'json') throw new Error('expected JSON Feed');
    expect(archive.feed.items?.map((i) => i.id)).toEqual([ID_26]);
    const atomArchive = env.text('digests/daily/archive/1/atom.xml') ?? '';
    expect(atomArchive).toContain('<fh:archive/>');
    expect(atomArchive).toContain('<link rel="current" type="application/atom+xml" href="https://news.example/digests/daily/atom.xml"/>');
    expect(env.text('digests/daily/index.html')).toContain('href="page/1.html"');
    expect(env.text('digests/daily/page/1.html')).toContain('href="../2026-11-26.html"');
    expect(env.text('digests/daily/page/1.html')).not.toContain('2026-11-27.html');
  });
});

describe('issueDigest with the real site loader', () => {
  it('puts every seed article published in the backfill range into exactly one weekly issue', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { loadSite } = await import('../../src/publish/load-site.js');
    const seedDir = new URL('../../seeds/', import.meta.url);
    const files = await readdir(seedDir).catch(() => [] as string[]);
    if (files.length === 0) return;
    const input = createMemoryStore(Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(new URL(f, seedDir))] as const))));
    const output = createMemoryStore();
    const stateStore = createMemoryStore();
    const deps: DigestDeps = { config: makeConfig(), input, output, state: stateStore, clock: fixedClock('2026-06-01T00:00:00Z'), log: silentLogger };
    const since = new Date('2025-12-29T07:00:00Z');
    const report = await issueDigest(deps, { digestId: 'weekly', since });
    const { items } = await loadSite(deps);
    // Undated seeds are published "now" (the clock), after the last scheduled time: not issued yet.
    const lastScheduled = scheduledTimeAt(deps.config.digests[1]!, deps.clock()).at.getTime();
    const inRange = items.filter((i) => Date.parse(i.published) > since.getTime() && Date.parse(i.published) <= lastScheduled);
    expect(inRange.length).toBeGreaterThan(0);
    expect(report.articles).toBe(inRange.length);
    const state = parseDigestState(new TextDecoder().decode(stateStore.objects.get('digests/weekly.json')?.body), 'k', 'weekly');
    const issuedIds = state.issues.flatMap((i) => {
      const json = output.objects.get(`digests/weekly/${i.date}.json`)?.body;
      return (JSON.parse(new TextDecoder().decode(json)) as { sections: { articles: { id: string }[] }[] }).sections.flatMap((s) => s.articles.map((a) => a.id));
    });
    expect(issuedIds.sort()).toEqual(inRange.map((i) => i.id).sort());
    expect(state.issues.every((i) => new Date(`${i.date}T12:00:00Z`).getUTCDay() === 1)).toBe(true);
  });
});

describe('digest archives over time', () => {
  it('a new issue rewrites the current feeds and at most the newest archive page; every issue stays reachable once', async () => {
    const items = Array.from({ length: 12 }, (_, i) => makeItem({ id: `d${i}`, published: new Date(Date.UTC(2026, 10, 1 + i, 9)).toISOString() }));
    const base = makeConfig();
    const env = setup(items, { ...base, feed: { ...base.feed, size: 2, archivePageSize: 3 } });
    for (let day = 2; day <= 13; day++) {
      const before = new Set(env.output.objects.keys());
      const newest = Math.max(0, ...[...before].map((k) => Number(/archive\/(\d+)\//.exec(k)?.[1] ?? 0)));
      const report = await issueDigest(env.deps(`2026-11-${String(day).padStart(2, '0')}T07:05:00Z`), { digestId: 'daily' });
      for (const key of report.written) {
        const page = /archive\/(\d+)\//.exec(key)?.[1];
        if (page !== undefined && before.has(key)) expect(Number(page), `${key} on day ${day}`).toBe(newest);
      }
    }
    // A reader following prev-archive from the current feed sees each of the 12 issues once.
    const ids: string[] = [];
    let url: string | undefined = 'https://news.example/digests/daily/feed.json';
    while (url) {
      const doc = JSON.parse(env.text(url.slice('https://news.example/'.length)) ?? '{}') as { items: { id: string }[]; next_url?: string };
      ids.push(...doc.items.map((i) => i.id));
      url = doc.next_url;
    }
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });
});

describe('issueDigest: an empty window is remembered with the site version it was checked against', () => {
  function counting(itemsNow: () => FeedItem[], version: () => string) {
    const { deps: base, stateText } = setup([]);
    let loads = 0;
    const deps = (clockIso: string): DigestDeps => ({
      ...base(clockIso),
      loadItems: async () => {
        loads++;
        return { items: itemsNow(), rejected: [] };
      },
      siteVersion: async () => version(),
    });
    return { deps, loads: () => loads, stateText };
  }

  it('does not load the site again while the version is unchanged, and issues once it changes', async () => {
    let items: FeedItem[] = [];
    let version = 'v1';
    const run = counting(() => items, () => version);
    const at = '2026-11-27T07:05:00Z';
    expect((await issueDigest(run.deps(at), { digestId: 'daily' })).stateWritten).toContain('digests/daily.json');
    expect(run.loads()).toBe(1);
    expect(parseDigestState(run.stateText('digests/daily.json'), 'k', 'daily').emptyWindow).toEqual({ scheduled: '2026-11-27T07:00:00.000Z', siteVersion: 'v1' });

    // Same window, same site: no load, nothing written.
    const again = await issueDigest(run.deps(at), { digestId: 'daily' });
    expect(run.loads()).toBe(1);
    expect(again.written).toEqual([]);

    // An article published into the window changes the site's version: loaded again, issued.
    items = [makeItem({ id: 'late', published: '2026-11-26T12:00:00Z' })];
    version = 'v2';
    const issued = await issueDigest(run.deps(at), { digestId: 'daily' });
    expect(run.loads()).toBe(2);
    expect(issued.articles).toBe(1);
  });

  it('loads every time when no site version is given (injected items), and when forced', async () => {
    const { deps } = setup([]);
    let loads = 0;
    const withCount = (clockIso: string): DigestDeps => ({ ...deps(clockIso), loadItems: async () => (loads++, { items: [], rejected: [] }) });
    await issueDigest(withCount('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    await issueDigest(withCount('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    expect(loads).toBe(2);
    const run = counting(() => [], () => 'v1');
    await issueDigest(run.deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    await issueDigest(run.deps('2026-11-27T07:05:00Z'), { digestId: 'daily', force: true });
    expect(run.loads()).toBe(2);
  });
});

describe("issueDigest into an output it has no record of", () => {
  const config = makeConfig({ digests: [{ id: 'daily', schedule: { every: 'day', at: '07:00' } }] });
  const items = [makeItem({ id: 'a', published: '2026-01-12T09:00:00Z' })];
  const meta = { contentType: 'text/html', cacheControl: '' };

  it("refuses one that holds a site's files (another tool's, or a lost state's), changing nothing", async () => {
    for (const foreign of ['index.html', 'digests/daily/index.html']) {
      const { output, state, deps } = digestSite(items);
      await output.write(foreign, 'OTHER TOOL', meta);
      // Both an empty window (only the digest's index and feeds would be written) and one with an issue.
      for (const at of ['2026-01-20T08:00:00Z', '2026-01-13T08:00:00Z']) {
        await expect(issueDigest(deps(config, at), { digestId: 'daily' })).rejects.toMatchObject({ code: 'foreign-output-refused' });
      }
      expect([...output.objects.keys()]).toEqual([foreign]);
      expect([...state.objects.keys()]).toEqual([]);
    }
  });

  it('takes an empty one, recording its claim first, and is not refused by a later run there', async () => {
    const { output, state, deps } = digestSite(items);
    await output.write('CNAME', 'news.example', meta);
    await issueDigest(deps(config, '2026-01-13T08:00:00Z'), { digestId: 'daily' });
    expect(state.objects.has('output-claim.json')).toBe(true);
    expect(output.objects.has('digests/daily/2026-01-13.html')).toBe(true);
    // A run killed before it saved the digest state: the claim says the issues are ours.
    state.objects.delete('digests/daily.json');
    await expect(issueDigest(deps(config, '2026-01-14T08:00:00Z'), { digestId: 'daily' })).resolves.toMatchObject({ action: 'digest' });
  });
});

describe('the report of a digest run after its state was lost', () => {
  it('shows the rebuild warning in the text report, and names no re-read issue as issued', async () => {
    const { reportLines } = await import('../../src/cli/print-report.js');
    const { state, deps } = setup(ITEMS);
    await issueDigest(deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    state.objects.delete('digests/daily.json');
    const rebuilt = await issueDigest(deps('2026-11-27T08:00:00Z'), { digestId: 'daily' });
    const lines = reportLines(rebuilt, { input: 'in', output: 'out', digestId: 'daily' });
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}warning digests\/daily\.json: digest state missing: rebuilt from the 1 published issue record/));
    // A backfill over the issued day reads that issue back from its record: not a new issue.
    state.objects.delete('digests/daily.json');
    const backfill = await issueDigest(deps('2026-11-27T09:00:00Z'), { digestId: 'daily', since: new Date('2026-11-26T08:00:00Z') });
    expect(backfill.issues).toEqual([]);
    expect(reportLines(backfill, { input: 'in', output: 'out', digestId: 'daily' })[0]).toMatch(/^digest daily: no new issue/);
  });

  it('writes nothing again that is published byte for byte (a frozen record rewritten is, on S3, queued for mailing again)', async () => {
    const { output, state, deps } = setup(ITEMS);
    await issueDigest(deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    for (const run of [{}, { since: new Date('2026-11-26T08:00:00Z') }]) {
      state.objects.delete('digests/daily.json');
      output.writes.length = 0;
      const report = await issueDigest(deps('2026-11-27T09:00:00Z'), { digestId: 'daily', ...run });
      expect(output.writes).toEqual([]);
      expect(report.written).toEqual([]);
    }
  });
});
