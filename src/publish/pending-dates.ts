import type { ArticleRecord } from '../articles/index.js';
import * as z from 'zod';
import { STATE_OBJECT_META } from '../storage/content-type.js';
import type { Store } from '../storage/store.js';
import { ArticleRecordSchema } from './state.js';

/**
 * The article records a run dated anew (a new article's first-seen date, an edit's `updated`), written to
 * the state store before the run's first output write, with the version token of the state they were
 * derived from. A run killed after publishing some pages or feeds saved no state: the next run takes these
 * records as known, so what readers may already have keeps its dates, whatever else changed meanwhile (a
 * touched file, another edit, `--force`): no edit is "updated" twice and no new article's date moves.
 * Once a state is saved (its token changes) they are never taken, and the run that saved it deletes them.
 */
export const PENDING_DATES_KEY = 'pending-dates.json';

// A cold build of a large site dates every article: held as one JSON text at its memory peak, and a first
// run's readers are few. Past this many records a run records none (a crash then re-dates them).
export const MAX_PENDING_DATES = 20_000;

interface PendingDates {
  /** The state manifest's version token when the run started ('' for none). */
  base: string;
  records: Record<string, ArticleRecord>;
}

// The state's own record schema: a pending record is a record the dead run would have saved.
const PendingDatesSchema = z.object({ base: z.string(), records: z.record(z.string(), ArticleRecordSchema) });

/** The records a crashed run dated, when they were derived from the state that is still current. */
export async function readPendingDates(state: Store, base: string): Promise<Record<string, ArticleRecord>> {
  const bytes = await state.read(PENDING_DATES_KEY);
  if (bytes === null) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    // Unreadable: dates of a run that died, not a record anything else depends on. The clock decides.
    return {};
  }
  const parsed = PendingDatesSchema.safeParse(raw);
  return parsed.success && parsed.data.base === base ? parsed.data.records : {};
}

/** The records of `next` this run dated anew: new articles, and those whose `updated` moved. */
export function datedAnew(previous: Record<string, ArticleRecord>, next: Record<string, ArticleRecord>): Record<string, ArticleRecord> {
  const dated: Record<string, ArticleRecord> = {};
  for (const key in next) {
    const before = previous[key];
    const record = next[key] as ArticleRecord;
    if (before === undefined || before.updated !== record.updated || before.firstSeen !== record.firstSeen) dated[key] = record;
  }
  return dated;
}

export async function writePendingDates(state: Store, base: string, records: Record<string, ArticleRecord>): Promise<void> {
  const body: PendingDates = { base, records };
  await state.write(PENDING_DATES_KEY, `${JSON.stringify(body)}\n`, STATE_OBJECT_META);
}
