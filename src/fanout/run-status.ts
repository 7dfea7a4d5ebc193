import type { Store } from '../storage/store.js';
import { childBatches, failedPrefix, parsedPrefix, planKey, splitPrefix } from './work-keys.js';
import { type Plan, PlanSchema, readWork } from './work-objects.js';

/** Which batches of a run have landed (an output or a failure record), were split, or are still out. */
export interface RunStatus {
  plan: Plan;
  parsed: number[];
  failed: number[];
  split: number[];
  /** Batches still out: planned ones, and the halves of split ones, that have not landed. */
  missing: number[];
}

function batchesUnder(keys: string[], prefix: string): number[] {
  return keys.map((k) => Number(k.slice(prefix.length).replace(/\.json$/, ''))).filter((n) => Number.isInteger(n));
}

/** The run's status from three prefix listings; `null` when the run was never planned. */
export async function runStatus(work: Store, runId: string): Promise<RunStatus | null> {
  const plan = await readWork(work, planKey(runId), PlanSchema);
  if (plan === null) return null;
  const parsed = batchesUnder(await work.list(parsedPrefix(runId)), parsedPrefix(runId));
  const failed = batchesUnder(await work.list(failedPrefix(runId)), failedPrefix(runId));
  const split = batchesUnder(await work.list(splitPrefix(runId)), splitPrefix(runId));
  const landed = new Set([...parsed, ...failed]);
  const splitSet = new Set(split);
  const missing: number[] = [];
  // A batch that landed counts whole, even if it was split too (a late duplicate delivery that succeeded).
  const pending = Array.from({ length: plan.batches }, (_, b) => b);
  for (let batch = pending.pop(); batch !== undefined; batch = pending.pop()) {
    if (landed.has(batch)) continue;
    if (splitSet.has(batch)) pending.push(...childBatches(batch, plan.batches));
    else missing.push(batch);
  }
  return { plan, parsed, failed, split, missing: missing.sort((a, b) => a - b) };
}
