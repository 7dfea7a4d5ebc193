import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { issueDigest } from '../../src/digest/index.js';
import type { FeedItem } from '../../src/feeds/index.js';
import { digestSite, makeConfig, makeItem } from './helpers.js';

const daily = (at: string): Config => makeConfig({ digests: [{ id: 'daily', schedule: { every: 'day', at }, timeZone: 'UTC' }] });

/** One site whose config can change between runs; the issue records are read back from the output. */
function site(items: FeedItem[]) {
  const { output, state, deps } = digestSite(items);
  const issueIds = (date: string): string[] => {
    const bytes = output.objects.get(`digests/daily/${date}.json`)?.body;
    if (!bytes) return [];
    const json = JSON.parse(new TextDecoder().decode(bytes)) as { sections: { articles: { id: string }[] }[] };
    return json.sections.flatMap((s) => s.articles.map((i) => i.id));
  };
  return { output, state, deps, issueIds };
}

describe('digest windows when the schedule changes', () => {
  it('moved earlier: an article the last issue carried is not sent again', async () => {
    const s = site([makeItem({ id: 'early', published: '2026-12-02T06:30:00Z' }), makeItem({ id: 'next', published: '2026-12-02T12:00:00Z' })]);
    await issueDigest(s.deps(daily('07:00'), '2026-12-02T07:05:00Z'), { digestId: 'daily' });
    expect(s.issueIds('2026-12-02')).toEqual(['early']);
    await issueDigest(s.deps(daily('06:00'), '2026-12-03T06:05:00Z'), { digestId: 'daily' });
    expect(s.issueIds('2026-12-03')).toEqual(['next']);
  });

  it('moved later: the issue of that date stays frozen and the articles between the two times go to the next one', async () => {
    const s = site([makeItem({ id: 'before', published: '2026-12-03T06:00:00Z' }), makeItem({ id: 'between', published: '2026-12-03T07:30:00Z' })]);
    await issueDigest(s.deps(daily('07:00'), '2026-12-03T07:05:00Z'), { digestId: 'daily' });
    const frozen = s.output.objects.get('digests/daily/2026-12-03.json')?.body;
    await issueDigest(s.deps(daily('08:00'), '2026-12-03T08:05:00Z'), { digestId: 'daily' });
    expect(s.output.objects.get('digests/daily/2026-12-03.json')?.body).toEqual(frozen);
    await issueDigest(s.deps(daily('08:00'), '2026-12-04T08:05:00Z'), { digestId: 'daily' });
    expect(s.issueIds('2026-12-03')).toEqual(['before']);
    expect(s.issueIds('2026-12-04')).toEqual(['between']);
  });
});

describe('digest windows never cover an issued one again', () => {
  const weekly = (day: 'monday' | 'sunday'): Config => makeConfig({ digests: [{ id: 'weekly', schedule: { every: 'week', day, at: '07:00' }, timeZone: 'UTC' }] });
  const weeklyIds = (s: ReturnType<typeof site>, date: string) => {
    const bytes = s.output.objects.get(`digests/weekly/${date}.json`)?.body;
    return bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as { sections: { articles: { id: string }[] }[] }).sections.flatMap((x) => x.articles.map((a) => a.id)) : [];
  };

  it('weekly moved from Monday to Sunday: the Sunday before the last Monday issue is not issued', async () => {
    const s = site([makeItem({ id: 'tue', published: '2026-11-24T10:00:00Z' }), makeItem({ id: 'next', published: '2026-12-01T10:00:00Z' })]);
    await issueDigest(s.deps(weekly('monday'), '2026-11-30T08:00:00Z'), { digestId: 'weekly' });
    expect(weeklyIds(s, '2026-11-30')).toEqual(['tue']);
    await issueDigest(s.deps(weekly('sunday'), '2026-12-03T08:00:00Z'), { digestId: 'weekly' });
    expect(s.output.objects.has('digests/weekly/2026-11-29.json')).toBe(false);
    await issueDigest(s.deps(weekly('sunday'), '2026-12-06T08:00:00Z'), { digestId: 'weekly' });
    expect(weeklyIds(s, '2026-12-06')).toEqual(['next']);
  });

  it('daily moved to another time zone: no issue dated before the last one carries its articles again', async () => {
    const s = site([makeItem({ id: 'a', published: '2026-12-02T10:00:00Z' })]);
    await issueDigest(s.deps(daily('07:00'), '2026-12-03T08:00:00Z'), { digestId: 'daily' });
    expect(s.issueIds('2026-12-03')).toEqual(['a']);
    const la = makeConfig({ digests: [{ id: 'daily', schedule: { every: 'day', at: '22:00' }, timeZone: 'America/Los_Angeles' }] });
    // 2026-12-03T16:30Z is 08:30 in Los Angeles: the issue due is 2026-12-02 22:00 there, before the last one.
    await issueDigest(s.deps(la, '2026-12-03T16:30:00Z'), { digestId: 'daily' });
    expect(s.issueIds('2026-12-02')).toEqual([]);
  });
});

describe('digest runs refused or repaired', () => {
  it('refuses any --at later than now, even when no issue would fall due by then', async () => {
    const s = site([makeItem({ id: 'a', published: '2026-12-02T09:00:00Z' })]);
    await expect(issueDigest(s.deps(daily('07:00'), '2026-12-02T08:00:00Z'), { digestId: 'daily', at: new Date('2026-12-02T09:00:00Z') })).rejects.toMatchObject({ code: 'invalid-instant', field: 'at' });
  });

  it('refuses to issue a window that is still open (a future --at), naming the field', async () => {
    const s = site([makeItem({ id: 'a', published: '2026-12-02T09:00:00Z' })]);
    await expect(issueDigest(s.deps(daily('07:00'), '2026-12-02T10:00:00Z'), { digestId: 'daily', at: new Date('2026-12-03T07:00:00Z') })).rejects.toMatchObject({
      code: 'invalid-instant',
      field: 'at',
    });
    expect(s.output.writes).toEqual([]);
  });

  it('rebuilds a lost digest state from the published issue records instead of rewriting a frozen issue', async () => {
    const items = [makeItem({ id: 'a', published: '2026-12-01T09:00:00Z' }), makeItem({ id: 'b', published: '2026-12-02T09:00:00Z' })];
    const s = site(items);
    await issueDigest(s.deps(daily('07:00'), '2026-12-02T07:05:00Z'), { digestId: 'daily' });
    await issueDigest(s.deps(daily('07:00'), '2026-12-03T07:05:00Z'), { digestId: 'daily' });
    const frozen = s.output.objects.get('digests/daily/2026-12-03.json')?.body;
    await s.state.delete('digests/daily.json');
    items[1] = makeItem({ id: 'b', title: 'EDITED', published: '2026-12-02T09:00:00Z' });
    const report = await issueDigest(s.deps(daily('07:00'), '2026-12-03T08:00:00Z'), { digestId: 'daily' });
    expect(report.warnings).toEqual([{ path: 'digests/daily.json', reason: 'digest state missing: rebuilt from the 2 published issue record(s)' }]);
    expect(s.output.objects.get('digests/daily/2026-12-03.json')?.body).toEqual(frozen);
    const feed = new TextDecoder().decode(s.output.objects.get('digests/daily/feed.json')?.body);
    expect((JSON.parse(feed) as { items: unknown[] }).items).toHaveLength(2);
  });

  it('counts only the articles of the issues made by this run', async () => {
    const s = site([makeItem({ id: 'a', published: '2026-12-01T09:00:00Z' }), makeItem({ id: 'b', published: '2026-12-02T09:00:00Z' })]);
    await issueDigest(s.deps(daily('07:00'), '2026-12-02T07:05:00Z'), { digestId: 'daily' });
    const report = await issueDigest(s.deps(daily('07:00'), '2026-12-03T07:05:00Z'), { digestId: 'daily', since: new Date('2026-11-30T00:00:00Z') });
    expect(report.articles).toBe(1);
  });
});

describe('a killed writer beside the digest state', () => {
  it("leaves a temp file in the state's digests/ folder that the next digest run removes", async () => {
    const { mkdtemp, mkdir, writeFile, utimes, rm } = await import('node:fs/promises');
    const { existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { createLocalStore } = await import('../../src/storage/index.js');
    const { fixedClock } = await import('../../src/clock/clock.js');
    const { silentLogger } = await import('../../src/publish/logger.js');
    const base = await mkdtemp(path.join(tmpdir(), 'fw-digest-temp-'));
    try {
      const stale = path.join(base, 'state', 'digests', '.feedwright-tmp-deadhost-1-x');
      await mkdir(path.dirname(stale), { recursive: true });
      await writeFile(stale, 'half a digest state');
      const hoursAgo = new Date(Date.now() - 3 * 3600_000);
      await utimes(stale, hoursAgo, hoursAgo);
      const deps = {
        config: daily('07:00'),
        input: createLocalStore(path.join(base, 'in')),
        output: createLocalStore(path.join(base, 'out')),
        state: createLocalStore(path.join(base, 'state')),
        clock: fixedClock('2026-12-02T07:05:00Z'),
        log: silentLogger,
        loadItems: async () => ({ items: [makeItem({ id: 'a', published: '2026-12-01T09:00:00Z' })], rejected: [] }),
      };
      await issueDigest(deps, { digestId: 'daily' });
      expect(existsSync(stale)).toBe(false);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
