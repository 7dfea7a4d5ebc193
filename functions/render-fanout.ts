import * as z from 'zod';
import { ConfigError } from '../src/config/config.js';
import { createStoredUnitsRenderer } from '../src/fanout/index.js';
import type { RenderRunner } from '../src/publish/render-runner.js';
import type { Env } from '../src/storage/index.js';
import type { FanoutDeps } from './fanout-deps.js';

// Article pages per stage-1 unit: each unit also plans the whole site from the stored job, so units are
// kept large enough for that fixed cost to stay small beside rendering and writing their pages.
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
