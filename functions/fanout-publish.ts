import * as z from 'zod';
import { FanoutPending } from '../src/fanout/index.js';
import { LeaseHeldError } from '../src/publish/lease.js';
import { useBuildHeap, useLargeSiteHeap } from '../src/process/heap-settings.js';
import { publishSite } from '../src/publish/publish.js';
import type { RunReport } from '../src/publish/run-report.js';
import { depsForRun } from './deps.js';
import { createHandler } from './envelope.js';
import { coldStartFanoutDeps, fanoutProcessor, type FanoutDeps } from './fanout-deps.js';
import type { JsonLogger } from './log.js';
import { describePublishEvent, type PublishEvent, PublishEventSchema } from './publish-event.js';
import { fanoutRenderer } from './render-fanout.js';

/** What a publish or assemble invocation answers: the run report, or that the work went to workers. */
export type FanoutAnswer = RunReport | { action: 'publish'; pending: { runId: string; batches: number; enqueued: boolean } };

const AssembleEventSchema = z.looseObject({
  // SQS (the last batch landed) or Step Functions (the map finished): both name the run.
  Records: z.array(z.looseObject({ messageId: z.string(), body: z.string() })).optional(),
  runId: z.string().optional(),
});
const AssembleBodySchema = z.object({ runId: z.string().regex(/^[0-9a-f]{16,64}$/) });

async function publishOrPending(deps: FanoutDeps, runs: string[]): Promise<FanoutAnswer> {
  try {
    useBuildHeap();
    const renderer = fanoutRenderer(deps);
    return await publishSite({ ...deps, processor: fanoutProcessor(deps, runs), ...(renderer ? { renderer } : {}) }, { onListed: useLargeSiteHeap });
  } catch (error) {
    if (error instanceof FanoutPending) {
      deps.log.info('publish fanned out', { runId: error.runId, batches: error.batches, enqueued: error.enqueued });
      return { action: 'publish', pending: { runId: error.runId, batches: error.batches, enqueued: error.enqueued } };
    }
    throw error;
  }
}

const reportOf = (answer: FanoutAnswer): RunReport | undefined => ('pending' in answer ? undefined : answer);

/**
 * A dry run is the in-process publish over read-only stores: the fan-out would store batch jobs and queue
 * messages, and a requested dry run writes nothing anywhere.
 */
function publishScheduled(deps: FanoutDeps, event: PublishEvent): Promise<FanoutAnswer> {
  if (event?.dryRun !== true) return publishOrPending(deps, []);
  useBuildHeap();
  return publishSite(depsForRun(deps, true), { dryRun: true, onListed: useLargeSiteHeap });
}

/**
 * The scheduled publish with fan-out: up to the budget of changed sources it is the usual publish; past
 * it the sources go to the worker queue and the invocation ends without writing (the lease is released).
 */
export function createFanoutPublishHandler(getDeps: () => FanoutDeps, log?: JsonLogger) {
  return createHandler(
    { name: 'publish', schema: PublishEventSchema, describe: describePublishEvent, run: (deps, event) => publishScheduled(deps as FanoutDeps, event), reportOf },
    getDeps,
    log,
  );
}

/**
 * The assemble step, started when the last batch of a run lands: publishes from the stored batch outputs
 * under the lease, in the usual safe order. A lease held by another run is not a failure: that run (a
 * scheduled publish over the same changes) finds the same stored outputs and assembles them itself.
 */
export function createAssembleHandler(getDeps: () => FanoutDeps, log?: JsonLogger) {
  return createHandler(
    {
      name: 'assemble',
      schema: AssembleEventSchema,
      describe: (e) => ({ runs: runsOf(e) }),
      run: async (deps, event) => {
        try {
          return await publishOrPending(deps as FanoutDeps, runsOf(event));
        } catch (error) {
          if (!(error instanceof LeaseHeldError)) throw error;
          deps.log.info('assemble left to the lease holder', { runs: runsOf(event) });
          return { action: 'publish' as const, pending: { runId: runsOf(event)[0] ?? '', batches: 0, enqueued: false } };
        }
      },
      reportOf,
    },
    getDeps,
    log,
  );
}

function runsOf(event: z.infer<typeof AssembleEventSchema>): string[] {
  const runs = new Set<string>();
  if (event.runId !== undefined) runs.add(AssembleBodySchema.parse({ runId: event.runId }).runId);
  for (const record of event.Records ?? []) runs.add(AssembleBodySchema.parse(JSON.parse(record.body)).runId);
  return [...runs];
}

export const handler = createFanoutPublishHandler(coldStartFanoutDeps);
export const assemble = createAssembleHandler(coldStartFanoutDeps);
