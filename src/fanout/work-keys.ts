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
export const splitPrefix = (runId: string): string => `${runPrefix(runId)}split/`;
export const splitKey = (runId: string, batch: number): string => `${splitPrefix(runId)}${batchName(batch)}.json`;
/** The last error a worker caught on a batch: the reason given if the batch ends up rejected. */
export const errorKey = (runId: string, batch: number): string => `${runPrefix(runId)}errors/${batchName(batch)}.json`;

/**
 * The two halves of a split batch, numbered so that every batch a run can ever have has its own number
 * without any counter: batch `r + N·(h−1)` is node `h` (1 = the planned batch) of the binary tree under
 * planned batch `r` of `N`, and node `h` has the children `2h` and `2h+1`.
 */
export function childBatches(batch: number, plannedBatches: number): [number, number] {
  const root = batch % plannedBatches;
  const node = Math.floor(batch / plannedBatches) + 1;
  return [root + plannedBatches * (2 * node - 1), root + plannedBatches * (2 * node)];
}

// Zero-padded so a listing comes back in batch order.
function batchName(batch: number): string {
  return String(batch).padStart(6, '0');
}
