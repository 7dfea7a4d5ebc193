const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS[month - 1] as number);
}

/**
 * Milliseconds since the epoch for a proleptic Gregorian UTC date-time, year taken literally:
 * `Date.UTC` maps years 0–99 to 1900–1999, which turned `0001-01-01` into 1901.
 */
function utcMillis(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(h, m, s, ms);
  return date.getTime();
}

/**
 * Parses an article date strictly and returns it as `toISOString()` UTC.
 *
 * Accepted: `YYYY-MM-DD` (midnight UTC) and `YYYY-MM-DDTHH:mm[:ss[.fff]]` with `Z` or an
 * offset; without an offset the time is read as UTC (a site-wide time zone would make the
 * same file mean different instants on different sites). Anything else, including dates
 * that `Date` would silently roll over (2025-02-30 → March 2), returns `undefined`. Years are literal
 * (`0001` is year 1); whether a date is plausible is the derive stage's decision (it knows `now`).
 */
export function parseArticleDate(value: string): string | undefined {
  const text = value.trim();
  const dateOnly = DATE_ONLY.exec(text);
  const m = dateOnly ?? DATE_TIME.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (dateOnly) return new Date(utcMillis(year, month, day)).toISOString();

  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const utc = utcMillis(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}

/** The earliest date accepted: no feed predates it, so an earlier one is a typo or a two-digit year. */
export const EARLIEST_DATE = '1970-01-01T00:00:00.000Z';

/**
 * Why `iso` (an output of {@link parseArticleDate}) is not a plausible article date, or `undefined`
 * when it is: before {@link EARLIEST_DATE} or more than one calendar year after `now` (a post scheduled
 * further ahead is more likely a typo). `field` names it.
 */
export function implausibleDate(field: string, iso: string, now: Date): string | undefined {
  // Numbers, not strings: an offset can carry 9999-12-31 into the six-digit form `+010000-…`.
  const time = Date.parse(iso);
  if (!(time >= Date.parse(EARLIEST_DATE))) return `${field}: ${iso} is before 1970-01-01`;
  const latest = new Date(now.getTime());
  latest.setUTCFullYear(latest.getUTCFullYear() + 1);
  if (time > latest.getTime()) {
    return `${field}: ${iso} is more than a year after the run's date (${now.toISOString()})`;
  }
  return undefined;
}
