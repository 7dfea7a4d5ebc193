import type { SiteArticle } from '../feeds/index.js';
import { silentLogger } from '../publish/logger.js';
import { plannedObjects, runUnit } from '../publish/render-runner.js';
import { type RenderStages, cutUnits } from '../publish/render-units.js';
import type { SyncResult } from '../publish/sync-objects.js';
import type { Store } from '../storage/store.js';
import { CorruptWorkError } from './fanout-error.js';
import type { WorkQueue } from './queue.js';
import {
  type RenderStage,
  RenderStageSchema,
  type StoredRenderJob,
  StoredRenderJobSchema,
  UnitResultSchema,
  renderJobKey,
  renderStageKey,
  unitResultKey,
  unitResultPrefix,
  writeRenderWork,
} from './render-work.js';
import { readWork } from './work-objects.js';

export interface RenderWorkerDeps {
  /** The private state store (work objects under `work/`). */
  work: Store;
  queue: WorkQueue;
  /** The published site: where a render unit writes. */
  output?: Store;
}

/** The stage a run id names, or `null` when it is not a render stage (a parse run). */
export function readRenderStage(work: Store, runId: string): Promise<RenderStage | null> {
  return readWork(work, renderStageKey(runId), RenderStageSchema);
}

export async function readRenderJob(work: Store, renderId: string): Promise<StoredRenderJob> {
  const job = await readWork(work, renderJobKey(renderId), StoredRenderJobSchema);
  if (job === null) throw new CorruptWorkError(renderJobKey(renderId), 'the render job is missing');
  return job as unknown as StoredRenderJob;
}

/** Plans the site from a stored job exactly as the coordinator did, and cuts it the same way. */
export function stagesOf(job: StoredRenderJob): RenderStages {
  const rendered = new Set(job.rendered);
  return cutUnits(plannedObjects({ site: job.site, articles: job.articles, renderPage: (a: SiteArticle) => rendered.has(a.slug), salt: job.salt }), job.pageBatch);
}

/** Unit numbers of a stage whose results are stored. */
export async function storedUnits(work: Store, stageRunId: string): Promise<Set<number>> {
  const prefix = unitResultPrefix(stageRunId);
  return new Set((await work.list(prefix)).map((k) => Number(k.slice(prefix.length).replace(/\.json$/, ''))).filter((n) => Number.isInteger(n)));
}

export async function readUnitResult(work: Store, stageRunId: string, unit: number): Promise<SyncResult> {
  const result = await readWork(work, unitResultKey(stageRunId, unit), UnitResultSchema);
  if (result === null) throw new CorruptWorkError(unitResultKey(stageRunId, unit), 'a unit result listed a moment ago is missing');
  return result;
}

/**
 * Runs render unit `unit` of the stage `runId` names, unless its result is already stored, and asks for
 * the coordinator when the stage is complete. False when `runId` is not a render stage. A duplicate or
 * re-run unit plans from the same stored job with the same recorded hashes, so it writes the same bytes
 * and stores the same result: at-least-once delivery is harmless.
 */
export async function runRenderMessage(deps: RenderWorkerDeps, runId: string, unit: number): Promise<boolean> {
  const stage = await readRenderStage(deps.work, runId);
  if (stage === null) return false;
  if ((await deps.work.read(unitResultKey(runId, unit))) === null) {
    if (!deps.output) throw new CorruptWorkError(renderStageKey(runId), 'a render unit reached a worker that has no output store');
    const job = await readRenderJob(deps.work, stage.renderId);
    const units = stagesOf(job)[stage.stage - 1] ?? [];
    const objects = units[unit];
    if (units.length !== stage.units || objects === undefined) {
      throw new CorruptWorkError(renderJobKey(stage.renderId), `stage ${stage.stage} plans ${units.length} units here, the coordinator planned ${stage.units} (unit ${unit} asked)`);
    }
    const result = await runUnit(objects, { ...job, present: new Set(job.present) }, { output: deps.output, log: silentLogger });
    await writeRenderWork(deps.work, unitResultKey(runId, unit), result);
  }
  if ((await storedUnits(deps.work, runId)).size >= stage.units) await deps.queue.requestAssemble(runId);
  return true;
}
