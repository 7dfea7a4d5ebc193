import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { issueDigest } from '../../src/digest/index.js';
import { digestSite, makeConfig, makeItem } from './helpers.js';

const daily: Config = makeConfig({ digests: [{ id: 'daily', schedule: { every: 'day', at: '07:00' }, timeZone: 'UTC' }] });
const weekly: Config = makeConfig({ digests: [{ id: 'weekly', schedule: { every: 'week', day: 'monday', at: '07:00' }, timeZone: 'UTC' }] });

describe('windows a run does not issue', () => {
  it('a catch-up past 62 missed times warns with the range and a --since backfill then issues it', async () => {
    const items = ['2026-01-04', '2026-01-20', '2026-02-10', '2026-03-20'].map((d) => makeItem({ id: d, published: `${d}T12:00:00Z` }));
    const { deps } = digestSite(items);
    await issueDigest(deps(daily, '2026-01-05T08:00:00Z'), { digestId: 'daily', at: new Date('2026-01-05T07:00:00Z') });
    const catchUp = await issueDigest(deps(daily, '2026-04-30T08:00:00Z'), { digestId: 'daily' });
    expect(catchUp.issues).toEqual(['2026-03-21']);
    // The 62 latest times are 2026-02-28 … 2026-04-30: the first window starts 2026-02-27 07:00.
    expect(catchUp.warnings).toEqual([
      expect.objectContaining({
        code: 'digest-windows-skipped',
        reason: expect.stringContaining('--since 2026-01-05T07:00:00.000Z --at 2026-02-27T07:00:00.000Z'),
      }),
    ]);
    const backfill = await issueDigest(deps(daily, '2026-04-30T08:00:00Z'), { digestId: 'daily', since: new Date('2026-01-05T07:00:00Z'), at: new Date('2026-02-27T07:00:00Z') });
    expect(backfill.issues).toEqual(['2026-01-21', '2026-02-11']);
  });

  it('a --since after the last issue warns about the windows between them', async () => {
    const { deps } = digestSite([makeItem({ id: 'a', published: '2026-03-01T12:00:00Z' }), makeItem({ id: 'b', published: '2026-03-10T12:00:00Z' })]);
    await issueDigest(deps(weekly, '2026-03-02T08:00:00Z'), { digestId: 'weekly' });
    const report = await issueDigest(deps(weekly, '2026-03-31T00:00:00Z'), { digestId: 'weekly', since: new Date('2026-03-20T00:00:00Z') });
    expect(report.warnings).toEqual([
      expect.objectContaining({ code: 'digest-windows-skipped', reason: expect.stringContaining('--since 2026-03-02T07:00:00.000Z --at 2026-03-16T07:00:00.000Z') }),
    ]);
    const backfill = await issueDigest(deps(weekly, '2026-03-31T00:00:00Z'), { digestId: 'weekly', since: new Date('2026-03-02T07:00:00Z'), at: new Date('2026-03-16T07:00:00Z') });
    expect(backfill.issues).toEqual(['2026-03-16']);
  });
});
