import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BackfillTooLongError,
  countScheduledTimesBetween,
  type DigestTiming,
  InvalidInstantError,
  latestScheduledTimes,
  MAX_BACKFILL_WINDOWS,
  scheduledTimeAt,
  scheduledTimesBetween,
  windowAt,
  zonedTimeToInstant,
} from '../../src/digest/index.js';

const HOUR = 3_600_000;

function daily(at: string, timeZone: string): DigestTiming {
  return { schedule: { every: 'day', at }, timeZone };
}

function weeklyMonday(at: string, timeZone: string): DigestTiming {
  return { schedule: { every: 'week', day: 'monday', at }, timeZone };
}

function hours(window: { start: Date; end: Date }): number {
  return (window.end.getTime() - window.start.getTime()) / HOUR;
}

describe('windowAt in UTC', () => {
  it('covers the previous day up to the scheduled time', () => {
    const w = windowAt(daily('07:00', 'UTC'), new Date('2026-11-27T12:34:00Z'));
    expect(w).toEqual({ date: '2026-11-27', start: new Date('2026-11-26T07:00:00Z'), end: new Date('2026-11-27T07:00:00Z') });
  });

  it('treats the scheduled instant itself as due (latest scheduled time ≤ at)', () => {
    expect(windowAt(daily('07:00', 'UTC'), new Date('2026-11-27T07:00:00Z')).date).toBe('2026-11-27');
    expect(windowAt(daily('07:00', 'UTC'), new Date('2026-11-27T06:59:59.999Z')).date).toBe('2026-11-26');
  });

  it('finds the last Monday for a weekly digest', () => {
    // 2026-11-27 is a Friday (2026-01-01 is a Thursday; +330 days = 47 weeks + 1 day); the Monday before is 2026-11-23.
    const w = windowAt(weeklyMonday('07:00', 'UTC'), new Date('2026-11-27T12:00:00Z'));
    expect(w).toEqual({ date: '2026-11-23', start: new Date('2026-11-16T07:00:00Z'), end: new Date('2026-11-23T07:00:00Z') });
  });

  it('on Monday before the scheduled time still returns the previous week', () => {
    const w = windowAt(weeklyMonday('07:00', 'UTC'), new Date('2026-11-23T06:00:00Z'));
    expect(w.date).toBe('2026-11-16');
  });

  it('crosses month and year boundaries', () => {
    const w = windowAt(daily('00:00', 'UTC'), new Date('2027-01-01T00:30:00Z'));
    expect(w).toEqual({ date: '2027-01-01', start: new Date('2026-12-31T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
  });

  it('refuses an invalid instant with a typed error', () => {
    expect(() => windowAt(daily('07:00', 'UTC'), new Date('nope'))).toThrow(InvalidInstantError);
  });
});

describe('windows across DST transitions', () => {
  it('Europe/Berlin spring forward: the daily 07:00 window is 23 h', () => {
    // 2026-03-28 07:00 CET (+01) = 06:00Z; clocks jump 02:00 → 03:00 on Sunday 2026-03-29;
    // 2026-03-29 07:00 CEST (+02) = 05:00Z.
    const w = windowAt(daily('07:00', 'Europe/Berlin'), new Date('2026-03-29T10:00:00Z'));
    expect(w).toEqual({ date: '2026-03-29', start: new Date('2026-03-28T06:00:00Z'), end: new Date('2026-03-29T05:00:00Z') });
    expect(hours(w)).toBe(23);
  });

  it('America/New_York fall back: the daily 07:00 window is 25 h', () => {
    // 2026-10-31 07:00 EDT (-04) = 11:00Z; clocks go back 02:00 → 01:00 on Sunday 2026-11-01;
    // 2026-11-01 07:00 EST (-05) = 12:00Z.
    const w = windowAt(daily('07:00', 'America/New_York'), new Date('2026-11-01T12:00:00Z'));
    expect(w).toEqual({ date: '2026-11-01', start: new Date('2026-10-31T11:00:00Z'), end: new Date('2026-11-01T12:00:00Z') });
    expect(hours(w)).toBe(25);
  });

  it('a 02:30 schedule on the Berlin spring-forward day resolves to the end of the gap', () => {
    // 02:30 does not exist on 2026-03-29 in Berlin (02:00 CET jumps to 03:00 CEST at 01:00Z):
    // the first valid instant after the gap is 03:00 CEST = 01:00Z. The day before, 02:30 CET = 01:30Z.
    expect(zonedTimeToInstant('2026-03-29', '02:30', 'Europe/Berlin')).toEqual(new Date('2026-03-29T01:00:00Z'));
    const w = windowAt(daily('02:30', 'Europe/Berlin'), new Date('2026-03-29T01:00:00Z'));
    expect(w).toEqual({ date: '2026-03-29', start: new Date('2026-03-28T01:30:00Z'), end: new Date('2026-03-29T01:00:00Z') });
    // One minute earlier the gap day's issue is not yet due.
    expect(scheduledTimeAt(daily('02:30', 'Europe/Berlin'), new Date('2026-03-29T00:59:00Z')).date).toBe('2026-03-28');
    // The next day is normal again: 02:30 CEST = 00:30Z.
    expect(windowAt(daily('02:30', 'Europe/Berlin'), new Date('2026-03-30T00:30:00Z')).start).toEqual(new Date('2026-03-29T01:00:00Z'));
  });

  it('a repeated local time (New York fall back, 01:30) resolves to its first occurrence', () => {
    // 01:30 on 2026-11-01 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(zonedTimeToInstant('2026-11-01', '01:30', 'America/New_York')).toEqual(new Date('2026-11-01T05:30:00Z'));
  });

  it('Europe/London weekly Monday 07:00 spans exactly one local week across both transitions', () => {
    // Spring: Mon 2026-03-23 07:00 GMT = 07:00Z; BST starts Sun 2026-03-29; Mon 2026-03-30 07:00 BST = 06:00Z → 167 h.
    const spring = windowAt(weeklyMonday('07:00', 'Europe/London'), new Date('2026-04-01T00:00:00Z'));
    expect(spring).toEqual({ date: '2026-03-30', start: new Date('2026-03-23T07:00:00Z'), end: new Date('2026-03-30T06:00:00Z') });
    expect(hours(spring)).toBe(7 * 24 - 1);
    // Autumn: Mon 2026-10-19 07:00 BST = 06:00Z; GMT from Sun 2026-10-25; Mon 2026-10-26 07:00 GMT = 07:00Z → 169 h.
    const autumn = windowAt(weeklyMonday('07:00', 'Europe/London'), new Date('2026-10-26T07:00:00Z'));
    expect(autumn).toEqual({ date: '2026-10-26', start: new Date('2026-10-19T06:00:00Z'), end: new Date('2026-10-26T07:00:00Z') });
    expect(hours(autumn)).toBe(7 * 24 + 1);
  });

  it('uses the local date as the issue date, not the UTC date', () => {
    // 2026-11-27 07:00 in Pacific/Auckland (NZDT, +13) = 2026-11-26T18:00Z: the UTC date is a day earlier.
    const s = scheduledTimeAt(daily('07:00', 'Pacific/Auckland'), new Date('2026-11-26T18:00:00Z'));
    expect(s).toEqual({ date: '2026-11-27', at: new Date('2026-11-26T18:00:00Z') });
  });
});

describe('scheduledTimesBetween', () => {
  it('lists every scheduled time in (since, until], oldest first', () => {
    const times = scheduledTimesBetween(daily('07:00', 'UTC'), new Date('2026-11-24T07:00:00Z'), new Date('2026-11-27T08:00:00Z'));
    expect(times).toEqual([
      { date: '2026-11-25', at: new Date('2026-11-25T07:00:00Z') },
      { date: '2026-11-26', at: new Date('2026-11-26T07:00:00Z') },
      { date: '2026-11-27', at: new Date('2026-11-27T07:00:00Z') },
    ]);
  });

  it('is empty when no scheduled time falls in the range', () => {
    expect(scheduledTimesBetween(daily('07:00', 'UTC'), new Date('2026-11-27T07:00:00Z'), new Date('2026-11-28T06:59:00Z'))).toEqual([]);
  });

  it('steps by local days across a DST transition', () => {
    const times = scheduledTimesBetween(daily('07:00', 'Europe/Berlin'), new Date('2026-03-27T12:00:00Z'), new Date('2026-03-30T12:00:00Z'));
    // 07:00 CET = 06:00Z until the 28th, 07:00 CEST = 05:00Z from the 29th.
    expect(times.map((t) => t.at.toISOString())).toEqual(['2026-03-28T06:00:00.000Z', '2026-03-29T05:00:00.000Z', '2026-03-30T05:00:00.000Z']);
  });
});

describe('backfill bounds', () => {
  it('counts scheduled times from the two ends, matching the listed times', () => {
    const cases: [DigestTiming, string, string][] = [
      [daily('07:00', 'UTC'), '2026-11-24T07:00:00Z', '2026-11-27T08:00:00Z'],
      [daily('07:00', 'Europe/Berlin'), '2026-03-01T12:00:00Z', '2026-04-30T12:00:00Z'],
      [weeklyMonday('07:00', 'Europe/London'), '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z'],
      [daily('07:00', 'UTC'), '2026-11-27T07:00:00Z', '2026-11-28T06:59:00Z'],
      [daily('07:00', 'UTC'), '2026-11-28T00:00:00Z', '2026-11-27T00:00:00Z'],
    ];
    for (const [timing, since, until] of cases) {
      const listed = scheduledTimesBetween(timing, new Date(since), new Date(until)).length;
      expect(countScheduledTimesBetween(timing, new Date(since), new Date(until))).toBe(listed);
    }
    // By hand: 2026 has 52 Mondays (Jan 5 … Dec 28).
    expect(countScheduledTimesBetween(weeklyMonday('07:00', 'UTC'), new Date('2026-01-01T00:00:00Z'), new Date('2026-12-31T00:00:00Z'))).toBe(52);
  });

  it(`allows exactly ${MAX_BACKFILL_WINDOWS} daily issues and refuses ${MAX_BACKFILL_WINDOWS + 1}`, () => {
    const until = new Date('2026-11-27T08:00:00Z');
    // 400 issues end at 2026-11-27 07:00, so the first is 399 days earlier: 2025-10-24 07:00Z.
    const sinceFor400 = new Date('2025-10-24T06:00:00Z');
    expect(scheduledTimesBetween(daily('07:00', 'UTC'), sinceFor400, until)).toHaveLength(400);
    const sinceFor401 = new Date('2025-10-23T06:00:00Z');
    const error = (() => {
      try {
        scheduledTimesBetween(daily('07:00', 'UTC'), sinceFor401, until);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BackfillTooLongError);
    expect(error).toMatchObject({ code: 'backfill-too-long', windows: 401, max: 400 });
    // The suggested split is the 400th issue from the start: 2025-10-23 + 399 days = 2026-11-26.
    expect((error as BackfillTooLongError).splitAt).toEqual(new Date('2026-11-26T07:00:00Z'));
    expect((error as Error).message).toMatch(/401 scheduled times \(empty windows count\), at most 400/);
  });

  it('refuses a since in year 1 at once, without walking 740,000 days', () => {
    const timing = daily('07:00', 'UTC');
    expect(() => scheduledTimesBetween(timing, new Date('0001-01-01T00:00:00Z'), new Date('2026-11-27T08:00:00Z'))).toThrow(InvalidInstantError);
    expect(() => scheduledTimesBetween(timing, new Date('1969-12-31T23:59:59Z'), new Date('2026-11-27T08:00:00Z'))).toThrow(/before 1970/);
    // 1970 itself is allowed, and refused only for its length (about 20,700 days).
    expect(() => scheduledTimesBetween(timing, new Date('1970-01-01T00:00:00Z'), new Date('2026-11-27T08:00:00Z'))).toThrow(BackfillTooLongError);
  });

  it('latestScheduledTimes keeps only the newest N, oldest first', () => {
    const times = latestScheduledTimes(daily('07:00', 'UTC'), new Date('1970-01-01T00:00:00Z'), new Date('2026-11-27T08:00:00Z'), 2);
    expect(times.map((t) => t.date)).toEqual(['2026-11-26', '2026-11-27']);
  });
});

// `UTC` is computed without Intl (see wallClockMs); `Etc/UTC`, the same zone, still goes through Intl's
// formatter: every schedule must come out the same from both, at any instant and time of day.
describe('UTC without a formatter', () => {
  it('gives the schedules, windows and issue dates Intl gives for Etc/UTC', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 22), max: Date.UTC(2200, 0, 1) }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.boolean(),
        (instant, hour, minute, weekly) => {
          const at = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const timing = (timeZone: string) => (weekly ? weeklyMonday(at, timeZone) : daily(at, timeZone));
          const when = new Date(instant);
          expect(windowAt(timing('UTC'), when)).toEqual(windowAt(timing('Etc/UTC'), when));
          expect(scheduledTimeAt(timing('UTC'), when)).toEqual(scheduledTimeAt(timing('Etc/UTC'), when));
          expect(scheduledTimesBetween(timing('UTC'), new Date(instant - 20 * 86_400_000), when)).toEqual(
            scheduledTimesBetween(timing('Etc/UTC'), new Date(instant - 20 * 86_400_000), when),
          );
        },
      ),
      { seed: 41, numRuns: 400 },
    );
  });
});
