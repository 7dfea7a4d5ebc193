import * as z from 'zod';
import { ConfigError } from '../src/config/config.js';
import { createStoredUnitsRenderer } from '../src/fanout/index.js';
import type { RenderRunner } from '../src/publish/render-runner.js';
import type { Env } from '../src/storage/index.js';
import type { FanoutDeps } from './fanout-deps.js';

// Items per unit (article pages, or the items of feed documents and listing pages): a unit stores and
// reads only its own input (~2.4 KB per page, far less per archived item), so this bounds a worker's
// input at a few MB; larger units only mean fewer invocations.
const DEFAULT_PAGE_BATCH = 2000;

const RenderFanoutEnvSchema = z.object({
  /** Objects to render that one invocation renders itself; unset: the render stage is never fanned out. */
  FEEDWRIGHT_RENDER_BUDGET: z.coerce.number().int().positive().optional(),
  FEEDWRIGHT_RENDER_PAGE_BATCH: z.coerce.number().int().positive().default(DEFAULT_PAGE_BATCH),
});

/**
 * The render fan-out for the publish and assemble handlers, opt-in: only when `FEEDWRIGHT_RENDER_BUDGET`
 * is set (the worker role must then be allowed to write `site/*`). Otherwise `undefined`: the site is
 * rendered and written in the publishing invocation, as before.
 */
export function fanoutRenderer(deps: FanoutDeps, env: Env = process.env): RenderRunner | undefined {
  const parsed = RenderFanoutEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`environment: invalid render fan-out settings\n${z.prettifyError(parsed.error)}`, 'environment');
  const { FEEDWRIGHT_RENDER_BUDGET: budget, FEEDWRIGHT_RENDER_PAGE_BATCH: pageBatch } = parsed.data;
  if (budget === undefined) return undefined;
  return createStoredUnitsRenderer({ work: deps.state, queue: deps.queue, budget, pageBatch, now: deps.clock });
}
