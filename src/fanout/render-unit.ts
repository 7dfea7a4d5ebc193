import { takeOverBudgetDocuments } from '../feeds/index.js';
import { silentLogger } from '../publish/logger.js';
import { runUnit } from '../publish/render-runner.js';
import type { SyncResult } from '../publish/sync-objects.js';
import type { Store } from '../storage/store.js';
import { CorruptWorkError } from './fanout-error.js';
import type { WorkQueue } from './queue.js';
import {
  type RenderRun,
  RenderRunSchema,
  type RenderShared,
  RenderSharedSchema,
  type RenderStage,
  RenderStageSchema,
  type UnitInput,
  UnitInputSchema,
  UnitResultSchema,
  renderRunKey,
  renderSharedKey,
  renderStageKey,
  unitInputKey,
  unitResultKey,
  unitResultPrefix,
  writeRenderWork,
} from './render-work.js';
import { needsShared, unitObjects, unitPrevious, withPageContent } from './unit-inputs.js';
import { readWork } from './work-objects.js';

export interface RenderWorkerDeps {
  /** The private state store (work objects under `work/`). */
  work: Store;
  queue: WorkQueue;
  /** The published site: where a render unit writes. */
  output?: Store;
  /** The articles: pages whose content the coordinator did not store read it from here. */
  input?: Store;
}

/** The stage a run id names, or `null` when it is not a render stage (a parse run). */
export function readRenderStage(work: Store, runId: string): Promise<RenderStage | null> {
  return readWork(work, renderStageKey(runId), RenderStageSchema);
}

/** A render run's record, or `null` when none is stored under that id. */
export function readRenderRun(work: Store, renderId: string): Promise<RenderRun | null> {
  return readWork(work, renderRunKey(renderId), RenderRunSchema);
}

export async function readUnitInput(work: Store, stage: RenderStage, unit: number): Promise<UnitInput> {
  const key = unitInputKey(stage.renderId, stage.stage, unit);
  const input = await readWork(work, key, UnitInputSchema);
  if (input === null) throw new CorruptWorkError(key, `stage ${stage.stage} has ${stage.units} units, but the input of unit ${unit} is missing`);
  if (input.renderId !== stage.renderId || input.stage !== stage.stage || input.unit !== unit) {
    throw new CorruptWorkError(key, `it is the input of unit ${input.unit} of stage ${input.stage} of run ${input.renderId}`);
  }
  return input as unknown as UnitInput;
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

async function readRenderShared(work: Store, renderId: string): Promise<RenderShared> {
  const shared = await readWork(work, renderSharedKey(renderId), RenderSharedSchema);
  if (shared === null) throw new CorruptWorkError(renderSharedKey(renderId), 'a unit needs the lists its run shares, and they are missing');
  return shared as unknown as RenderShared;
}

/**
 * Runs render unit `unit` of the stage `runId` names, unless its result is already stored, and asks for
 * the coordinator when the stage is complete. False when `runId` is not a render stage. The unit renders
 * from its own stored input only (never the whole site); a duplicate or re-run unit reads the same input
 * with the same recorded hashes, so it writes the same bytes and stores the same result: at-least-once
 * delivery is harmless.
 */
export async function runRenderMessage(deps: RenderWorkerDeps, runId: string, unit: number): Promise<boolean> {
  const stage = await readRenderStage(deps.work, runId);
  if (stage === null) return false;
  if ((await deps.work.read(unitResultKey(runId, unit))) === null) {
    if (!deps.output) throw new CorruptWorkError(renderStageKey(runId), 'a render unit reached a worker that has no output store');
    const key = unitInputKey(stage.renderId, stage.stage, unit);
    const input = await withPageContent(await readUnitInput(deps.work, stage, unit), deps.input, key);
    const feedLists = needsShared(input) ? (await readRenderShared(deps.work, stage.renderId)).feedLists : [];
    const result = await runUnit(unitObjects(input, key, feedLists), unitPrevious(input), { output: deps.output, log: silentLogger });
    // Documents rendered over feed.maxBytes are not reported from a worker (README): forgotten here, so a
    // warm worker does not keep them.
    takeOverBudgetDocuments();
    await writeRenderWork(deps.work, unitResultKey(runId, unit), result);
  }
  if ((await storedUnits(deps.work, runId)).size >= stage.units) await deps.queue.requestAssemble(runId);
  return true;
}
