import { contentFreePrint } from '../feeds/index.js';
import { type RenderJob, type RenderRunner, mergeResults, plannedObjects, runStagesHere, runUnit } from '../publish/render-runner.js';
import { RENDER_STAGE_COUNT, type RenderStages, cutUnits } from '../publish/render-units.js';
import { type OutputObject, type SyncResult, forEachLimited, keptUnrendered, sha256 } from '../publish/sync-objects.js';
import type { Store } from '../storage/store.js';
import { FanoutPending } from './fanout-error.js';
import type { WorkQueue } from './queue.js';
import { readRenderRun, readUnitResult, storedUnits } from './render-unit.js';
import {
  RENDER_POINTER_KEY,
  RenderPointerSchema,
  RenderSentSchema,
  type RenderRun,
  UnitResultSchema,
  renderAssetsKey,
  renderRunKey,
  renderSentKey,
  renderSharedKey,
  renderStageKey,
  unitInputKey,
  writeRenderWork,
} from './render-work.js';
import { SharedLists, documentsOfPlanned, unitInputOf } from './unit-inputs.js';
import { readWork } from './work-objects.js';

export interface StoredUnitsOptions {
  /** The private state store: work objects live under `work/` in it. */
  work: Store;
  queue: WorkQueue;
  /**
   * Objects to render (pages, feed documents, listing pages… not those an unchanged signature lets the
   * writer skip) that one invocation renders itself; more are fanned out.
   */
  budget: number;
  /**
   * Items one unit's stored input holds at most: article pages in stage 1, the items of feed documents
   * and listing pages in the others (a document is never split, so one may go past it).
   */
  pageBatch: number;
  now: () => Date;
  /** A stage still incomplete this long after its messages were sent has the missing units sent again. */
  resendAfterMs?: number;
}

const DEFAULT_RESEND_MS = 3_600_000;

/** A stage's own run id: one queue or state machine run per stage, each named by a hex id. */
export function stageRunId(renderId: string, stage: number): string {
  return sha256(`${renderId}:render-stage:${stage}`).slice(0, 32);
}

/**
 * What a render run computes, left alone by the run's own writes: the rendered pages and the trusted
 * hashes change as units write, so they are not part of it. Content is left out too: which articles
 * carry it follows from which pages are rendered, and the rest of the item is signed here.
 */
function renderIdentity(job: RenderJob): string {
  return sha256(
    JSON.stringify([
      job.salt,
      job.site,
      job.force === true,
      job.articles.map((a) => [a.slug, contentFreePrint(a.item)]),
      sha256(JSON.stringify(job.previousSignatures)),
    ]),
  );
}

/** Planned objects the writer cannot skip by their signature alone: the work a run would do. */
function toRender(planned: OutputObject[], job: RenderJob): number {
  const previous = { previousHashes: job.previousHashes, previousSignatures: job.previousSignatures, present: (key: string) => job.present.has(key), force: job.force === true };
  return planned.filter((o) => !keptUnrendered(o, previous)).length;
}

/**
 * A key the merged results vouch for that this invocation's listing contradicts: one the run wrote that
 * is gone, or one it kept that is no longer trusted with the same hash.
 */
function staleKey(merged: SyncResult, job: RenderJob): string | undefined {
  const written = new Set(merged.written);
  for (const key of written) if (!job.present.has(key)) return key;
  for (const [key, hash] of Object.entries(merged.hashes)) if (!written.has(key) && job.previousHashes[key] !== hash) return key;
  return undefined;
}

// Unit inputs stored at once: hides S3 round trips without opening thousands of sockets.
const INPUT_WRITE_CONCURRENCY = 16;

/** Stores every unit's input and the lists they share, then the run's record: a record always names stored inputs. */
async function storeRun(work: Store, renderId: string, stages: RenderStages, job: RenderJob): Promise<RenderRun> {
  const units: { stage: number; unit: number; objects: OutputObject[] }[] = [];
  stages.forEach((stage, i) => stage.forEach((objects, unit) => units.push({ stage: i + 1, unit, objects })));
  const shared = new SharedLists();
  await forEachLimited(units, INPUT_WRITE_CONCURRENCY, ({ stage, unit, objects }) =>
    writeRenderWork(work, unitInputKey(renderId, stage, unit), unitInputOf(objects, { renderId, stage, unit }, job, shared)),
  );
  await writeRenderWork(work, renderSharedKey(renderId), { renderId, feedLists: shared.feedLists });
  const run = { renderId, units: stages.map((units) => units.length) };
  await writeRenderWork(work, renderRunKey(renderId), run);
  return run;
}

/**
 * The fan-out implementation of the render and write stage. A plan within `budget` objects is rendered
 * here, as in the single-function path. A larger one becomes a render run: the site is planned and cut
 * once, here, and each unit's input (its objects, their sources, the recorded hashes of its own keys) is
 * stored under `work/<render-id>/inputs/`; the referenced files are copied here, then each stage's units
 * are sent as messages and the invocation stops with {@link FanoutPending}. The worker that stores a
 * stage's last result asks for the coordinator again (or the next scheduled run comes): it finds the run
 * in flight by its identity, sends the next stage, and after the last one returns every unit's result
 * merged in write order, so the publish goes on to its deletes, listing and state as if it had written
 * everything itself.
 */
export function createStoredUnitsRenderer(options: StoredUnitsOptions): RenderRunner {
  const { work, queue } = options;
  return {
    async runTime(inputs) {
      const pointer = await readWork(work, RENDER_POINTER_KEY, RenderPointerSchema);
      if (pointer === null || pointer.consumed || pointer.inputs !== inputs || pointer.at === undefined) return undefined;
      return new Date(pointer.at);
    },
    async render(job, deps) {
      // A dry run writes nothing, so there is nothing to spread.
      if (job.dryRun) return runStagesHere(cutUnits([...job.assets, ...plannedObjects(job)]), job, deps);
      const identity = renderIdentity(job);
      const pointer = await readWork(work, RENDER_POINTER_KEY, RenderPointerSchema);
      let run = pointer !== null && pointer.identity === identity && !pointer.consumed ? await readRenderRun(work, pointer.renderId) : null;
      if (run === null) {
        const planned = plannedObjects(job, true);
        if (toRender(planned, job) + job.assets.length <= options.budget) return runStagesHere(cutUnits([...job.assets, ...planned]), job, deps);
        // Planned once, here: each unit stores only what its own objects are rendered from.
        const stages = cutUnits(planned, options.pageBatch, documentsOfPlanned());
        // Chained to the previous run's id and the run's time: a later run over the same inputs is a new run.
        const at = (job.derived?.at ?? options.now()).toISOString();
        const renderId = sha256(JSON.stringify([identity, pointer?.renderId ?? null, at])).slice(0, 32);
        run = await storeRun(work, renderId, stages, job);
        // The pointer last: a pointer always names a stored run.
        await writeRenderWork(work, RENDER_POINTER_KEY, { identity, renderId, consumed: false, ...(job.derived ? { inputs: job.derived.inputs, at } : {}) });
      }
      const { renderId } = run;

      // Referenced files first, here (their bytes are in hand): no page is written before what it shows.
      let assets = await readWork(work, renderAssetsKey(renderId), UnitResultSchema);
      if (assets === null) {
        assets = await runUnit(job.assets, job, deps);
        await writeRenderWork(work, renderAssetsKey(renderId), assets);
      }

      const results: SyncResult[] = [assets];
      for (const [i, count] of run.units.entries()) {
        const stage = i + 1;
        if (count === 0) continue;
        const runId = stageRunId(renderId, stage);
        const done = await storedUnits(work, runId);
        if (done.size < count) throw await sendStage(runId, renderId, stage, count, done);
        for (let unit = 0; unit < count; unit++) results.push(await readUnitResult(work, runId, unit));
      }
      // Used once: a later run over the same inputs renders again rather than trusting these results.
      await writeRenderWork(work, RENDER_POINTER_KEY, { identity, renderId, consumed: true });
      const merged = mergeResults(results);
      // A run left unfinished (a run between took the no-change path) and continued later may describe
      // an output that changed meanwhile: then it is dropped and the site rendered again.
      if (staleKey(merged, job) !== undefined) return this.render(job, deps);
      return merged;
    },
  };

  async function sendStage(runId: string, renderId: string, stage: number, units: number, done: Set<number>): Promise<FanoutPending> {
    if ((await work.read(renderStageKey(runId))) === null) await writeRenderWork(work, renderStageKey(runId), { renderId, stage, units });
    const sent = await readWork(work, renderSentKey(runId), RenderSentSchema);
    const now = options.now();
    const resend = sent === null || now.getTime() - Date.parse(sent.at) > (options.resendAfterMs ?? DEFAULT_RESEND_MS);
    if (resend) {
      const missing: number[] = [];
      for (let unit = 0; unit < units; unit++) if (!done.has(unit)) missing.push(unit);
      await queue.enqueueBatches(missing.map((batch) => ({ runId, batch })));
      await writeRenderWork(work, renderSentKey(runId), { at: now.toISOString() });
    }
    return new FanoutPending(runId, units, resend, `render units (stage ${stage} of ${RENDER_STAGE_COUNT})`);
  }
}
