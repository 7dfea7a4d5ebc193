import type { DigestConfig } from '../config/config.js';
import { FeedwrightError } from '../errors/index.js';

/** The part of a digest's config that decides when issues are due. */
export type DigestTiming = Pick<DigestConfig, 'schedule' | 'timeZone'>;

/** One scheduled issue time. */
export interface ScheduledTime {
  /** Local calendar date (YYYY-MM-DD) of the scheduled time in the digest's time zone: the issue date. */
  date: string;
  /** The instant the issue is due. */
  at: Date;
}

/** Articles published in (start, end] belong to the issue dated `date`. */
export interface DigestWindow {
  date: string;
  /** Exclusive: the previous scheduled time. */
  start: Date;
  /** Inclusive: this scheduled time. */
  end: Date;
}

export class InvalidInstantError extends FeedwrightError {
  override readonly name = 'InvalidInstantError' as const;
  readonly code = 'invalid-instant';
  constructor(
    readonly field: string,
    reason = 'invalid date',
  ) {
    super(`${field}: ${reason}`);
  }
}

/**
 * Most scheduled times one backfill may span, empty windows included (known only once the site is loaded,
 * and the cap is checked before): enough for a year of daily issues, small enough for one run.
 */
export const MAX_BACKFILL_WINDOWS = 400;

/** A backfill asking for more issues than one run may produce; says how to split it. */
export class BackfillTooLongError extends FeedwrightError {
  override readonly name = 'BackfillTooLongError' as const;
  readonly code = 'backfill-too-long';
  constructor(
    readonly windows: number,
    readonly max: number,
    readonly splitAt: Date,
  ) {
    super(
      `backfill spans ${windows} scheduled times (empty windows count), at most ${max} per run: split it, e.g. first up to ${splitAt.toISOString()} ` +
        `(--at / "at"), then again with that time as --since / "since"`,
    );
  }
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // h23: some engines render midnight as hour "24" with hour12:false.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Local wall-clock time at `instant`, expressed as if it were UTC (epoch ms). */
function wallClockMs(instant: number, timeZone: string): number {
  // UTC, the default zone, is the instant itself (to the whole second, as Intl reports it): no formatter.
  // Making the first one loads the time zone data, ~20 ms of every run that checks a digest's schedule.
  if (timeZone === 'UTC') return Math.floor(instant / 1000) * 1000;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(fields.year ?? 0, (fields.month ?? 1) - 1, fields.day ?? 1);
  utc.setUTCHours(fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0, 0);
  return utc.getTime();
}

/** UTC offset (ms, east positive) of `timeZone` at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  // Intl reports whole seconds; compare against the instant truncated the same way.
  const truncated = Math.floor(instant / 1000) * 1000;
  return wallClockMs(instant, timeZone) - truncated;
}

function localDateOf(instant: number, timeZone: string): LocalDate {
  const wall = new Date(wallClockMs(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(date.year, date.month - 1, date.day + days);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function weekdayOf(date: LocalDate): number {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(date.year, date.month - 1, date.day);
  return d.getUTCDay();
}

function formatLocalDate(date: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

function parseHhMm(at: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(at);
  if (!match) throw new RangeError(`schedule.at: expected HH:MM, got ${JSON.stringify(at)}`);
  return (Number(match[1]) * 60 + Number(match[2])) * MINUTE;
}

function parseLocalDate(date: string): LocalDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`expected a YYYY-MM-DD date, got ${JSON.stringify(date)}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/**
 * The instant a local wall-clock time (`YYYY-MM-DD`, `HH:MM`) occurs in `timeZone`.
 * A time that occurs twice (fall-back) resolves to its first occurrence; a time skipped by a
 * spring-forward gap resolves to the first instant after the gap (the moment clocks jump).
 */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): Date {
  return localToInstant(parseLocalDate(date), parseHhMm(time), timeZone);
}

function localToInstant(date: LocalDate, timeOfDayMs: number, timeZone: string): Date {
  const day = new Date(Date.UTC(2000, 0, 1));
  day.setUTCFullYear(date.year, date.month - 1, date.day);
  const wall = day.getTime() + timeOfDayMs;
  // Offsets a day either side bracket any single transition near this wall time.
  const offsets = [...new Set([offsetAt(wall - DAY, timeZone), offsetAt(wall + DAY, timeZone), offsetAt(wall, timeZone)])];
  const valid = offsets
    .map((offset) => wall - offset)
    .filter((instant) => offsetAt(instant, timeZone) === wall - instant)
    .sort((a, b) => a - b);
  const first = valid[0];
  if (first !== undefined) return new Date(first);
  // Gap: the wall time maps to no instant. The transition lies between the candidates built from the
  // larger (after) and smaller (before) offsets; binary search finds the first instant after it.
  const candidates = offsets.map((offset) => wall - offset).sort((a, b) => a - b);
  let lo = candidates[0] ?? wall;
  let hi = candidates[candidates.length - 1] ?? wall;
  const before = offsetAt(lo, timeZone);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

function scheduledOn(timing: DigestTiming, date: LocalDate): ScheduledTime {
  return { date: formatLocalDate(date), at: localToInstant(date, parseHhMm(timing.schedule.at), timing.timeZone) };
}

function stepDays(timing: DigestTiming): number {
  return timing.schedule.every === 'day' ? 1 : 7;
}

function checked(at: Date, field: string): number {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new InvalidInstantError(field);
  return ms;
}

/** Local date of the latest scheduled day (matching weekday for weekly digests) on or before `date`. */
function scheduledDayOnOrBefore(timing: DigestTiming, date: LocalDate): LocalDate {
  if (timing.schedule.every === 'day') return date;
  const target = WEEKDAYS.indexOf(timing.schedule.day);
  return addDays(date, -((weekdayOf(date) - target + 7) % 7));
}

/** The latest scheduled time ≤ `at`: the issue due at `at`. */
export function scheduledTimeAt(timing: DigestTiming, at: Date): ScheduledTime {
  const ms = checked(at, 'at');
  let day = scheduledDayOnOrBefore(timing, localDateOf(ms, timing.timeZone));
  // At most two steps back in practice; the bound only guards against a broken time zone database.
  for (let i = 0; i < 4; i++) {
    const candidate = scheduledOn(timing, day);
    if (candidate.at.getTime() <= ms) return candidate;
    day = addDays(day, -stepDays(timing));
  }
  throw new RangeError(`no scheduled time found before ${at.toISOString()} in ${timing.timeZone}`);
}

/** The scheduled time one local day (or week) before `scheduled`. */
export function previousScheduledTime(timing: DigestTiming, scheduled: ScheduledTime): ScheduledTime {
  return scheduledOn(timing, addDays(parseLocalDate(scheduled.date), -stepDays(timing)));
}

/** The scheduled time one local day (or week) after `scheduled`. */
export function nextScheduledTime(timing: DigestTiming, scheduled: ScheduledTime): ScheduledTime {
  return scheduledOn(timing, addDays(parseLocalDate(scheduled.date), stepDays(timing)));
}

/** The window of the issue scheduled at `scheduled`: exactly one local day or week, so 23/25 h across DST. */
export function windowFor(timing: DigestTiming, scheduled: ScheduledTime): DigestWindow {
  return { date: scheduled.date, start: previousScheduledTime(timing, scheduled).at, end: scheduled.at };
}

/** The window of the issue due at `at`. */
export function windowAt(timing: DigestTiming, at: Date): DigestWindow {
  return windowFor(timing, scheduledTimeAt(timing, at));
}

// No feed predates the Unix epoch; an earlier `since` is a typo (0001 for 2001), not a wish for 700,000 issues.
const EARLIEST_SINCE = 0;

function dayNumber(date: string): number {
  const { year, month, day } = parseLocalDate(date);
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / DAY);
}

/**
 * How many scheduled times fall in (since, until], computed from the two ends (no walk over the range),
 * so an absurd `since` is refused at once.
 */
export function countScheduledTimesBetween(timing: DigestTiming, since: Date, until: Date): number {
  const sinceMs = checked(since, 'since');
  checked(until, 'until');
  if (sinceMs < EARLIEST_SINCE) throw new InvalidInstantError('since', `before 1970-01-01 (got ${since.toISOString()})`);
  const last = scheduledTimeAt(timing, until);
  if (last.at.getTime() <= sinceMs) return 0;
  const first = nextScheduledTime(timing, scheduledTimeAt(timing, since));
  return (dayNumber(last.date) - dayNumber(first.date)) / stepDays(timing) + 1;
}

/** Throws {@link BackfillTooLongError} when (since, until] holds more than `max` scheduled times. */
export function assertBackfillWithinCap(timing: DigestTiming, since: Date, until: Date, max = MAX_BACKFILL_WINDOWS): void {
  const windows = countScheduledTimesBetween(timing, since, until);
  if (windows <= max) return;
  const first = nextScheduledTime(timing, scheduledTimeAt(timing, since));
  const splitDay = addDays(parseLocalDate(first.date), (max - 1) * stepDays(timing));
  throw new BackfillTooLongError(windows, max, scheduledOn(timing, splitDay).at);
}

/**
 * Every scheduled time in (since, until], oldest first: the issues a backfill must produce. Refuses a
 * `since` before 1970 and more than {@link MAX_BACKFILL_WINDOWS} times before listing any.
 */
export function scheduledTimesBetween(timing: DigestTiming, since: Date, until: Date): ScheduledTime[] {
  assertBackfillWithinCap(timing, since, until);
  return latestScheduledTimes(timing, since, until, MAX_BACKFILL_WINDOWS);
}

/** The newest `count` scheduled times in (since, until], oldest first; walks back from `until` only. */
export function latestScheduledTimes(timing: DigestTiming, since: Date, until: Date, count: number): ScheduledTime[] {
  const sinceMs = checked(since, 'since');
  checked(until, 'until');
  const times: ScheduledTime[] = [];
  let current = scheduledTimeAt(timing, until);
  while (times.length < count && current.at.getTime() > sinceMs) {
    times.push(current);
    current = previousScheduledTime(timing, current);
  }
  return times.reverse();
}
