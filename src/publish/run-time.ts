import { STATE_OBJECT_META } from '../storage/content-type.js';
import type { Store } from '../storage/store.js';

/**
 * The time a publish run derives its articles at (an edited article's `updated`, an undated new one's
 * first-seen date), recorded in the state store with a hash of everything else they are derived from,
 * before the run's first output write. A run killed after publishing some feeds saved no state, so the next
 * run has the same inputs: it takes this time again and publishes what readers may already have, instead
 * of a second `updated` for the same edit (a reader who polled in between saw the article "updated" twice).
 * Once the state is saved its version is part of the hash, so a later run never takes this time.
 */
export const RUN_TIME_KEY = 'run-time.json';

export interface RecordedRunTime {
  inputs: string;
  at: string;
}

export async function readRunTime(state: Store): Promise<RecordedRunTime | null> {
  const bytes = await state.read(RUN_TIME_KEY);
  if (bytes === null) return null;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as { inputs?: unknown; at?: unknown };
    if (typeof value.inputs !== 'string' || typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at))) return null;
    return { inputs: value.inputs, at: value.at };
  } catch {
    // Unreadable: a cache of one value, not a record anything else depends on. The clock decides.
    return null;
  }
}

export async function writeRunTime(state: Store, recorded: RecordedRunTime): Promise<void> {
  await state.write(RUN_TIME_KEY, `${JSON.stringify(recorded)}\n`, STATE_OBJECT_META);
}
