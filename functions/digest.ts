import * as z from 'zod';
import { DigestIdSchema, issueDigest } from '../src/digest/index.js';
import { useBuildHeap } from '../src/process/heap-settings.js';
import type { RunReport } from '../src/publish/run-report.js';
import { coldStartDeps, depsForRun, type FunctionDeps } from './deps.js';
import { checkDigestRequest } from './digest-request.js';
import { createHandler } from './envelope.js';
import type { JsonLogger } from './log.js';

/**
 * The schedule's input. EventBridge Scheduler sends only this object (serverless.yml's `input:`), with
 * `time` filled from `<aws.scheduler.scheduled-time>`: the scheduled time, not the (possibly retried,
 * late) invocation time, decides which issue is due. By hand, `dryRun` may be added. Strict, like `run`'s
 * payload: an unknown key (a typo such as `dryrun`) is refused instead of issuing for real.
 */
export const DigestEventSchema = z.strictObject({
  digest: DigestIdSchema,
  time: z.iso.datetime({ offset: true }).optional(),
  /** Compute the issue, write nothing (the output and state are opened read-only). */
  dryRun: z.boolean().optional(),
});

export function createDigestHandler(getDeps: () => FunctionDeps, log?: JsonLogger): (event: unknown) => Promise<RunReport> {
  return createHandler(
    {
      name: 'digest',
      schema: DigestEventSchema,
      describe: (event) => ({ digest: event.digest, time: event.time ?? 'now', dryRun: event.dryRun === true }),
      run: (deps, event) => {
        // A digest loads the published site (every item), as a build does.
        useBuildHeap();
        const dryRun = event.dryRun === true;
        const at = event.time ? new Date(event.time) : deps.clock();
        checkDigestRequest(deps.config, 'digest event', { digestId: event.digest, at, now: deps.clock() });
        return issueDigest(depsForRun(deps, dryRun), { digestId: event.digest, at, dryRun });
      },
      reportOf: (report) => report,
    },
    getDeps,
    log,
  );
}

export const handler = createDigestHandler(coldStartDeps);
