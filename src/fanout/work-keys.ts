/**
 * Where fan-out units keep their inputs and outputs in the private state store. Everything of one run is
 * under `work/<run-id>/`, so a run is listed with one prefix and expired by one lifecycle rule.
 */
export const WORK_PREFIX = 'work/';

const RUN_ID = /^[0-9a-f]{16,64}$/;

export function isRunId(value: string): boolean {
  return RUN_ID.test(value);
}

export const runPrefix = (runId: string): string => `${WORK_PREFIX}${runId}/`;
export const planKey = (runId: string): string => `${runPrefix(runId)}plan.json`;
export const jobKey = (runId: string, batch: number): string => `${runPrefix(runId)}jobs/${batchName(batch)}.json`;
export const parsedPrefix = (runId: string): string => `${runPrefix(runId)}parsed/`;
export const parsedKey = (runId: string, batch: number): string => `${parsedPrefix(runId)}${batchName(batch)}.json`;
export const failedPrefix = (runId: string): string => `${runPrefix(runId)}failed/`;
export const failedKey = (runId: string, batch: number): string => `${failedPrefix(runId)}${batchName(batch)}.json`;

// Zero-padded so a listing comes back in batch order.
function batchName(batch: number): string {
  return String(batch).padStart(6, '0');
}
