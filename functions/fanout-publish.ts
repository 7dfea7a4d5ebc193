import * as z from 'zod';
import { CorruptWorkError, FanoutPending, isRunId } from '../src/fanout/index.js';
import { LeaseHeldError } from '../src/publish/lease.js';
import { useBuildHeap, useLargeSiteHeap } from '../src/process/heap-settings.js';
import { publishSite } from '../src/publish/publish.js';
import type { RunReport } from '../src/publish/run-report.js';
import { depsForRun } from './deps.js';
import { createHandler } from './envelope.js';
import { coldStartFanoutDeps, fanoutProcessor, type FanoutDeps } from './fanout-deps.js';
import { failureFields, type JsonLogger } from './log.js';
import { describePublishEvent, type PublishEvent, PublishEventSchema } from './publish-event.js';
import { fanoutRenderer } from './render-fanout.js';

/**
 * What a publish or assemble invocation answers: the run report, or that the work went to workers, or
 * (assemble) that every request it was given was refused.
 */
export type FanoutAnswer =
  | RunReport
  | { action: 'publish'; pending: { runId: string; batches: number; enqueued: boolean } }
  | { action: 'assemble'; refused: string[] };

const RunIdSchema = z.string().refine(isRunId, 'a run id (hex)');
const AssembleBodySchema = z.object({ runId: RunIdSchema });

/** An assemble request from SQS: the run it names, or why it names none. */
type AssembleRequest = { messageId: string; runId: string } | { messageId: string; refused: CorruptWorkError };

function requestOf(messageId: string, body: string): AssembleRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    return { messageId, refused: new CorruptWorkError('(message body)', 'not JSON', { cause }) };
  }
  const parsed = AssembleBodySchema.safeParse(json);
  if (!parsed.success) return { messageId, refused: new CorruptWorkError('(message body)', z.prettifyError(parsed.error)) };
  return { messageId, runId: parsed.data.runId };
}

const AssembleEventSchema = z.looseObject({
  // SQS (the last batch landed) or Step Functions (the map finished): both name the run. A record's body
  // is read here, one by one: a malformed one is refused alone (see `createAssembleHandler`).
  Records: z.array(z.looseObject({ messageId: z.string(), body: z.string() }).transform((r) => requestOf(r.messageId, r.body))).optional(),
  runId: RunIdSchema.optional(),
});
type AssembleEvent = z.infer<typeof AssembleEventSchema>;

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

const reportOf = (answer: FanoutAnswer): RunReport | undefined => ('pending' in answer || 'refused' in answer ? undefined : answer);

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
 * A record whose body names no run (not JSON, no run id) is refused and dropped with an error line
 * (`corrupt-work`): no retry can mend it, and it must not fail the requests delivered with it (they
 * share one invocation). A direct invocation (the state machine) naming no valid run fails as invalid.
 */
export function createAssembleHandler(getDeps: () => FanoutDeps, log?: JsonLogger) {
  return createHandler(
    {
      name: 'assemble',
      schema: AssembleEventSchema,
      describe: (e) => ({ runs: runsOf(e) }),
      run: async (deps, event): Promise<FanoutAnswer> => {
        const refused: string[] = [];
        for (const request of event.Records ?? []) {
          if (!('refused' in request)) continue;
          deps.log.error('assemble request refused', { messageId: request.messageId, ...failureFields(request.refused) });
          refused.push(request.messageId);
        }
        const runs = runsOf(event);
        // Only refused records: nothing was asked for (an empty delivery is not one).
        if (runs.length === 0 && refused.length > 0) return { action: 'assemble', refused };
        try {
          return await publishOrPending(deps as FanoutDeps, runs);
        } catch (error) {
          if (!(error instanceof LeaseHeldError)) throw error;
          deps.log.info('assemble left to the lease holder', { runs });
          return { action: 'publish' as const, pending: { runId: runs[0] ?? '', batches: 0, enqueued: false } };
        }
      },
      reportOf,
    },
    getDeps,
    log,
  );
}

function runsOf(event: AssembleEvent): string[] {
  const runs = new Set<string>();
  if (event.runId !== undefined) runs.add(event.runId);
  for (const request of event.Records ?? []) if ('runId' in request) runs.add(request.runId);
  return [...runs];
}

export const handler = createFanoutPublishHandler(coldStartFanoutDeps);
export const assemble = createAssembleHandler(coldStartFanoutDeps);
