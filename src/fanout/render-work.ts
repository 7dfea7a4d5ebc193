import * as z from 'zod';
import type { FeedListing, SiteInfo } from '../feeds/index.js';
import { RENDER_STAGE_COUNT } from '../publish/render-units.js';
import type { SyncResult } from '../publish/sync-objects.js';
import { STATE_OBJECT_META } from '../storage/index.js';
import type { Store } from '../storage/store.js';
import { WORK_PREFIX, runPrefix } from './work-keys.js';

/**
 * Where the render fan-out keeps its work in the state store. A render run (`work/<render-id>/`) holds
 * one stored input per unit, written once by the coordinator, and a small record of its stages; each
 * stage is a run of its own (`work/<stage-run-id>/`), so a stage is one queue or state machine run named
 * by one id, like a parse run. One pointer names the render run in flight, written only by the
 * coordinator under the publish lease.
 */
export const RENDER_POINTER_KEY = `${WORK_PREFIX}render-current.json`;
export const renderRunKey = (renderId: string): string => `${runPrefix(renderId)}render-run.json`;
export const renderSharedKey = (renderId: string): string => `${runPrefix(renderId)}render-shared.json`;
export const renderAssetsKey = (renderId: string): string => `${runPrefix(renderId)}render-assets.json`;
export const unitInputKey = (renderId: string, stage: number, unit: number): string =>
  `${runPrefix(renderId)}inputs/${stage}/${String(unit).padStart(6, '0')}.json`;
export const renderStageKey = (stageRunId: string): string => `${runPrefix(stageRunId)}render-stage.json`;
export const renderSentKey = (stageRunId: string): string => `${runPrefix(stageRunId)}render-sent.json`;
export const unitResultPrefix = (stageRunId: string): string => `${runPrefix(stageRunId)}units/`;
export const unitResultKey = (stageRunId: string, unit: number): string => `${unitResultPrefix(stageRunId)}${String(unit).padStart(6, '0')}.json`;

const Hashes = z.record(z.string(), z.string());
const Stage = z.number().int().min(1).max(RENDER_STAGE_COUNT);

/**
 * Which render run is in flight, and for which job (`identity`); `consumed` once its results were used.
 * `inputs` and `at`: what the job was derived from besides the clock, and the time it was derived at, which
 * later invocations over the same inputs derive at too (absent in pointers of earlier releases).
 */
export const RenderPointerSchema = z.object({
  identity: z.string(),
  renderId: z.string(),
  consumed: z.boolean(),
  inputs: z.string().optional(),
  at: z.iso.datetime().optional(),
});
export type RenderPointer = z.infer<typeof RenderPointerSchema>;

/** A render run's record, written after every unit input: how many units each stage has. */
export const RenderRunSchema = z.object({
  renderId: z.string(),
  units: z.array(z.number().int().nonnegative()).length(RENDER_STAGE_COUNT),
});
export type RenderRun = z.infer<typeof RenderRunSchema>;

/**
 * One object of a unit: its key, how it is written, its signature as the coordinator planned it, what
 * the last run left for its key (trusted hash, signature, whether the output lists it), and which of
 * the unit's sources renders it. An object the writer will skip (unchanged signature) has no source.
 */
export const UnitObjectSchema = z.object({
  key: z.string(),
  phase: z.string().optional(),
  signature: z.string().optional(),
  source: z.number().int().nonnegative().optional(),
  previousHash: z.string().optional(),
  previousSignature: z.string().optional(),
  present: z.boolean(),
});
export type UnitObject = z.infer<typeof UnitObjectSchema>;

const SOURCE_KINDS = new Set<string>(['page', 'archive', 'current', 'listing', 'text']);

/** Where a page's content is read from when the unit does not store it (see `SiteArticle.contentFrom`). */
export const PageContentFromSchema = z.object({ source: z.string(), key: z.string(), slug: z.string(), assets: z.array(z.string()) });

/** A current feed document's members whose content the unit reads (`item`: index in the source's items). */
export const MemberContentFromSchema = z.array(PageContentFromSchema.extend({ item: z.number().int().nonnegative() }));

/**
 * What one unit renders, and nothing else of the site: its objects in write order and the sources they
 * are rendered from (a page's article and its neighbours' titles, an archive page's items, ...). Sources
 * and the site are our own plain data: only their envelope is checked here; records, not objects, so a
 * worker sees the coordinator's key order.
 */
export const UnitInputSchema = z.object({
  renderId: z.string(),
  stage: Stage,
  unit: z.number().int().nonnegative(),
  site: z.record(z.string(), z.unknown()).refine((s) => typeof s.title === 'string' && typeof s.baseUrl === 'string', 'a site with a title and a base URL'),
  force: z.boolean(),
  /**
   * `RenderSource`s, except that a listing page's feed list is the index of a list in the run's shared
   * lists (`feeds`) instead of the list itself.
   */
  sources: z.array(z.record(z.string(), z.unknown()).refine((s) => typeof s.kind === 'string' && SOURCE_KINDS.has(s.kind), 'a render source of a known kind')),
  objects: z.array(UnitObjectSchema),
});
export type StoredSource = Record<string, unknown> & { kind: string };
export type UnitInput = Omit<z.infer<typeof UnitInputSchema>, 'site' | 'sources'> & { site: SiteInfo; sources: StoredSource[] };

/**
 * Lists many documents of a run show whole, stored once per run rather than in every unit: the feed list
 * at the foot of every listing page (one entry per feed, so it grows with the feeds, never the articles).
 */
export const RenderSharedSchema = z.object({ renderId: z.string(), feedLists: z.array(z.array(z.record(z.string(), z.unknown()))) });
export type RenderShared = Omit<z.infer<typeof RenderSharedSchema>, 'feedLists'> & { feedLists: FeedListing[][] };

/** One stage of a render run, stored before its messages are sent: it tells a worker what its message is. */
export const RenderStageSchema = z.object({ renderId: z.string(), stage: Stage, units: z.number().int().positive() });
export type RenderStage = z.infer<typeof RenderStageSchema>;

/** Written after a stage's messages were sent; a stage still incomplete past the resend age is sent again. */
export const RenderSentSchema = z.object({ at: z.iso.datetime() });

/** What one unit wrote: the same fields `syncObjects` returns. */
export const UnitResultSchema = z.object({ written: z.array(z.string()), unchanged: z.number().int().nonnegative(), hashes: Hashes, signatures: Hashes });

export async function writeRenderWork(
  store: Store,
  key: string,
  value: RenderPointer | RenderRun | RenderShared | UnitInput | RenderStage | z.infer<typeof RenderSentSchema> | SyncResult,
): Promise<void> {
  await store.write(key, JSON.stringify(value), STATE_OBJECT_META);
}
