import type { Store } from '../storage/store.js';
import { failedPrefix, parsedPrefix, planKey } from './work-keys.js';
import { type Plan, PlanSchema, readWork } from './work-objects.js';

/** Which batches of a run have landed (an output or a dead-letter record) and which are still out. */
export interface RunStatus {
  plan: Plan;
  parsed: number[];
  failed: number[];
  missing: number[];
}

function batchesUnder(keys: string[], prefix: string): number[] {
  return keys.map((k) => Number(k.slice(prefix.length).replace(/\.json$/, ''))).filter((n) => Number.isInteger(n));
}

/** The run's status from two prefix listings; `null` when the run was never planned. */
export async function runStatus(work: Store, runId: string): Promise<RunStatus | null> {
  const plan = await readWork(work, planKey(runId), PlanSchema);
  if (plan === null) return null;
  const parsed = batchesUnder(await work.list(parsedPrefix(runId)), parsedPrefix(runId));
  const failed = batchesUnder(await work.list(failedPrefix(runId)), failedPrefix(runId));
  const landed = new Set([...parsed, ...failed]);
  const missing: number[] = [];
  for (let b = 0; b < plan.batches; b++) if (!landed.has(b)) missing.push(b);
  return { plan, parsed, failed, missing };
}
