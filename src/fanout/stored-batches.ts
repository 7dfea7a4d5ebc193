import type { ProcessedSource } from '../articles/index.js';
import type { ProcessRequest } from '../publish/process-sources.js';
import { type ProcessOptions, type ProcessedBatch, type SourceProcessor, type SourceRef, inProcessSources, releaseProcessedContent } from '../publish/source-processor.js';
import { sha256 } from '../publish/sync-objects.js';
import type { Store } from '../storage/store.js';
import { FanoutPending } from './fanout-error.js';
import type { WorkQueue } from './queue.js';
import { type RunStatus, runStatus } from './run-status.js';
import { failedKey, jobKey, parsedKey, planKey } from './work-keys.js';
import { BatchOutputSchema, FailedBatchSchema, readWork, reuseKeyPath, writeWork } from './work-objects.js';
import { byPath } from '../publish/run-report.js';

export interface StoredBatchesOptions {
  /** The private state store: work objects live under `work/` in it. */
  work: Store;
  queue: WorkQueue;
  /** Changed sources one invocation processes itself; more are fanned out. */
  budget: number;
  /** Sources per batch message. */
  batchSize: number;
  /** Runs whose stored outputs this invocation may use (the run that asked for this assemble step). */
  assembleRuns?: string[];
  now: () => Date;
  /** An incomplete run whose messages are older than this is sent again (a lost send, a purged queue). */
  resendAfterMs?: number;
}

type Outcome = { processed: ProcessedSource } | { unreadable: string };

// The summary-reuse map only saves work: a summary made again from the same content is the same
// summary. So it is left out of what a stored output must match.
function requestHashOf(request: ProcessRequest): string {
  const { reuseSummaries: _reuse, ...settings } = request;
  return sha256(JSON.stringify(settings));
}

/** A run is named by what it computes: the same sources at the same versions with the same settings. */
export function runIdOf(requestHash: string, sources: SourceRef[]): string {
  const sorted = [...sources].sort(byPath);
  return sha256(JSON.stringify([requestHash, sorted.map((s) => [s.path, s.version])])).slice(0, 32);
}

// Only the reuse entries of a batch's own sources travel with its job (keys are `path` or `path#n`):
// indexed by path once, so planning stays linear in the number of articles.
function reuseByPath(request: ProcessRequest): Map<string, [string, string][]> {
  const byPath = new Map<string, [string, string][]>();
  for (const [key, hash] of Object.entries(request.reuseSummaries)) {
    const path = reuseKeyPath(key);
    const list = byPath.get(path);
    if (list) list.push([key, hash]);
    else byPath.set(path, [[key, hash]]);
  }
  return byPath;
}

/** Every stored outcome of a run whose version is the one listed now; the run's status, when it applies. */
async function collect(
  work: Store,
  runId: string,
  request: { hash: string; siteUrl: string; release: boolean },
  current: Map<string, string>,
  into: Map<string, Outcome>,
): Promise<RunStatus | null> {
  const status = await runStatus(work, runId);
  if (status === null || status.plan.requestHash !== request.hash) return null;
  for (const batch of status.parsed) {
    const output = await readWork(work, parsedKey(runId, batch), BatchOutputSchema);
    for (const r of output?.results ?? []) {
      if (current.get(r.path) !== r.version) continue;
      if (r.processed) {
        const processed = r.processed as unknown as ProcessedSource;
        // Dropped batch by batch: the coordinator never holds every stored output's HTML at once.
        if (request.release) releaseProcessedContent(processed, request.siteUrl);
        into.set(r.path, { processed });
      }
      else into.set(r.path, { unreadable: r.unreadable ?? 'could not be processed' });
    }
  }
  for (const batch of status.failed) {
    if (status.parsed.includes(batch)) continue;
    const failed = await readWork(work, failedKey(runId, batch), FailedBatchSchema);
    for (const s of failed?.sources ?? []) {
      if (current.get(s.path) === s.version && !into.has(s.path)) into.set(s.path, { unreadable: `not processed: ${failed?.reason ?? 'its batch failed'}` });
    }
  }
  return status;
}

/**
 * The fan-out implementation of the per-source stage. Up to `budget` changed sources are processed here,
 * as in the single-function path. Beyond it, the sources are split into batch jobs stored under
 * `work/<run-id>/`, one message per batch is sent, and the run stops with {@link FanoutPending} before
 * anything is written. The invocation started when the last batch lands (or any later run over the same
 * changes) finds every output stored and continues as if it had processed them itself; a source whose
 * batch went to the dead-letter queue is rejected, naming the reason.
 */
export function createStoredBatchesProcessor(options: StoredBatchesOptions): SourceProcessor {
  const { work, queue } = options;
  return {
    async process(input: Store, sources: SourceRef[], request: ProcessRequest, processOptions: ProcessOptions = {}): Promise<ProcessedBatch> {
      const requestHash = requestHashOf(request);
      const collected = { hash: requestHash, siteUrl: request.siteUrl, release: processOptions.releaseContent === true };
      const current = new Map(sources.map((s) => [s.path, s.version]));
      const outcomes = new Map<string, Outcome>();
      for (const runId of options.assembleRuns ?? []) {
        const status = await collect(work, runId, collected, current, outcomes);
        // An assemble step of a run with batches still out (the halves of a split batch, queued after the
        // state machine's map) waits for the worker that lands the last one: processing those sources
        // here would run the poison source in the one invocation that must not fail.
        if (status !== null && status.missing.length > 0) throw new FanoutPending(runId, status.plan.batches, false);
      }
      let remainder = sources.filter((s) => !outcomes.has(s.path));
      if (remainder.length > options.budget) {
        const runId = runIdOf(requestHash, remainder);
        const status = await runStatus(work, runId);
        if (status === null) {
          throw await plan(runId, requestHash, remainder, request);
        }
        if (status.missing.length > 0) {
          const age = options.now().getTime() - Date.parse(status.plan.enqueuedAt);
          const resend = age > (options.resendAfterMs ?? 3_600_000);
          if (resend) {
            await queue.enqueueBatches(status.missing.map((batch) => ({ runId, batch })));
            await writeWork(work, planKey(runId), { ...status.plan, enqueuedAt: options.now().toISOString() });
          }
          throw new FanoutPending(runId, status.plan.batches, resend);
        }
        await collect(work, runId, collected, current, outcomes);
        remainder = sources.filter((s) => !outcomes.has(s.path));
      }
      const local = await inProcessSources.process(input, remainder, request, processOptions);
      const localByPath = new Map(local.processed.map((p) => [p.path, p]));
      const processed: ProcessedSource[] = [];
      const unreadable = [...local.unreadable];
      // The order of the sources given, whoever processed them: the derive stage sees what it would see in one process.
      for (const s of sources) {
        const outcome = outcomes.get(s.path);
        if (outcome === undefined) {
          const p = localByPath.get(s.path);
          if (p) processed.push(p);
        } else if ('processed' in outcome) processed.push(outcome.processed);
        else unreadable.push({ path: s.path, reason: outcome.unreadable });
      }
      return { processed, unreadable };
    },
  };

  async function plan(runId: string, requestHash: string, remainder: SourceRef[], request: ProcessRequest): Promise<FanoutPending> {
    const batches: SourceRef[][] = [];
    for (let i = 0; i < remainder.length; i += options.batchSize) batches.push(remainder.slice(i, i + options.batchSize));
    const reuse = reuseByPath(request);
    for (const [batch, refs] of batches.entries()) {
      const reuseSummaries = Object.fromEntries(refs.flatMap((r) => reuse.get(r.path) ?? []));
      await writeWork(work, jobKey(runId, batch), { runId, batch, request: { ...request, reuseSummaries }, sources: refs });
    }
    await queue.enqueueBatches(batches.map((_, batch) => ({ runId, batch })));
    // The plan is written last: a plan means every job is stored and every message was sent once.
    await writeWork(work, planKey(runId), { runId, requestHash, batches: batches.length, sources: remainder.length, enqueuedAt: options.now().toISOString() });
    return new FanoutPending(runId, batches.length, true);
  }
}
