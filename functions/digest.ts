import * as z from 'zod';
import { DigestIdSchema, issueDigest } from '../src/digest/index.js';
import { useBuildHeap } from '../src/process/heap-settings.js';
import type { RunReport } from '../src/publish/run-report.js';
import { coldStartDeps, type FunctionDeps } from './deps.js';
import { createHandler } from './envelope.js';
import type { JsonLogger } from './log.js';

/**
 * The schedule's input. EventBridge Scheduler sends only this object, with `time` filled from
 * `<aws.scheduler.scheduled-time>`; an EventBridge rule event also carries `time`. The scheduled time,
 * not the (possibly retried, late) invocation time, decides which issue is due.
 */
const DigestEventSchema = z.looseObject({
  digest: DigestIdSchema,
  time: z.iso.datetime({ offset: true }).optional(),
});

export function createDigestHandler(getDeps: () => FunctionDeps, log?: JsonLogger): (event: unknown) => Promise<RunReport> {
  return createHandler(
    {
      name: 'digest',
      schema: DigestEventSchema,
      describe: (event) => ({ digest: event.digest, time: event.time ?? 'now' }),
      run: (deps, event) => {
        // A digest loads the published site (every item), as a build does.
        useBuildHeap();
        return issueDigest(deps, { digestId: event.digest, at: event.time ? new Date(event.time) : deps.clock() });
      },
      reportOf: (report) => report,
    },
    getDeps,
    log,
  );
}

export const handler = createDigestHandler(coldStartDeps);
