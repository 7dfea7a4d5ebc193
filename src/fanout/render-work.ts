import * as z from 'zod';
import type { SiteArticle, SiteInfo } from '../feeds/index.js';
import type { SyncResult } from '../publish/sync-objects.js';
import { STATE_OBJECT_META } from '../storage/index.js';
import type { Store } from '../storage/store.js';
import { WORK_PREFIX, runPrefix } from './work-keys.js';

/**
 * Where the render fan-out keeps its work in the state store. A render run (`work/<render-id>/`) holds
 * the job every worker plans from; each of its stages is a run of its own (`work/<stage-run-id>/`), so a
 * stage is one queue or state machine run named by one id, like a parse run. One pointer names the
 * render run in flight, written only by the coordinator under the publish lease.
 */
export const RENDER_POINTER_KEY = `${WORK_PREFIX}render-current.json`;
export const renderJobKey = (renderId: string): string => `${runPrefix(renderId)}render-job.json`;
export const renderAssetsKey = (renderId: string): string => `${runPrefix(renderId)}render-assets.json`;
export const renderStageKey = (stageRunId: string): string => `${runPrefix(stageRunId)}render-stage.json`;
export const renderSentKey = (stageRunId: string): string => `${runPrefix(stageRunId)}render-sent.json`;
export const unitResultPrefix = (stageRunId: string): string => `${runPrefix(stageRunId)}units/`;
export const unitResultKey = (stageRunId: string, unit: number): string => `${unitResultPrefix(stageRunId)}${String(unit).padStart(6, '0')}.json`;

const Hashes = z.record(z.string(), z.string());

/** Which render run is in flight, and for which inputs (`identity`); `consumed` once its results were used. */
export const RenderPointerSchema = z.object({ identity: z.string(), renderId: z.string(), consumed: z.boolean() });
export type RenderPointer = z.infer<typeof RenderPointerSchema>;

/**
 * What a worker needs to plan the site exactly as the coordinator did, and to decide per object what
 * the last run left verified. The site and articles are our own plain data: only their envelope is
 * checked here (`planSite` renders them as they are, and the result is checked against the plan's cut).
 */
export const StoredRenderJobSchema = z.object({
  renderId: z.string(),
  // Records, not objects: a parsed object would put its known keys first, and the signer hashes the
  // site in its key order, so a worker's signatures would differ from the coordinator's.
  site: z.record(z.string(), z.unknown()).refine((s) => typeof s.title === 'string' && typeof s.baseUrl === 'string', 'a site with a title and a base URL'),
  articles: z.array(z.object({ slug: z.string(), item: z.record(z.string(), z.unknown()).refine((i) => typeof i.id === 'string', 'an item with an id') })),
  /** Slugs whose page is planned. */
  rendered: z.array(z.string()),
  salt: z.string(),
  previousHashes: Hashes,
  previousSignatures: Hashes,
  present: z.array(z.string()),
  force: z.boolean(),
  pageBatch: z.number().int().positive(),
  /** Units per stage (1, 2, 3): a worker's own cut must agree. */
  units: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.number().int().nonnegative()]),
});
export type StoredRenderJob = Omit<z.infer<typeof StoredRenderJobSchema>, 'site' | 'articles'> & { site: SiteInfo; articles: SiteArticle[] };

/** One stage of a render run, stored before its messages are sent: it tells a worker what its message is. */
export const RenderStageSchema = z.object({ renderId: z.string(), stage: z.number().int().min(1).max(3), units: z.number().int().positive() });
export type RenderStage = z.infer<typeof RenderStageSchema>;

/** Written after a stage's messages were sent; a stage still incomplete past the resend age is sent again. */
export const RenderSentSchema = z.object({ at: z.iso.datetime() });

/** What one unit wrote: the same fields `syncObjects` returns. */
export const UnitResultSchema = z.object({ written: z.array(z.string()), unchanged: z.number().int().nonnegative(), hashes: Hashes, signatures: Hashes });

export async function writeRenderWork(
  store: Store,
  key: string,
  value: RenderPointer | StoredRenderJob | RenderStage | z.infer<typeof RenderSentSchema> | SyncResult,
): Promise<void> {
  await store.write(key, JSON.stringify(value), STATE_OBJECT_META);
}
