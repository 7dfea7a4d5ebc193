import { useBuildHeap, useLargeSiteHeap } from '../src/process/heap-settings.js';
import { publishSite } from '../src/publish/publish.js';
import type { RunReport } from '../src/publish/run-report.js';
import { coldStartDeps, depsForRun, type FunctionDeps } from './deps.js';
import { createHandler } from './envelope.js';
import type { JsonLogger } from './log.js';
import { describePublishEvent, PublishEventSchema } from './publish-event.js';

/** Builds the scheduled publish handler around a deps provider (the cold-start one when deployed). */
export function createPublishHandler(getDeps: () => FunctionDeps, log?: JsonLogger): (event: unknown) => Promise<RunReport> {
  return createHandler(
    {
      name: 'publish',
      schema: PublishEventSchema,
      describe: describePublishEvent,
      run: (deps, event) => {
        useBuildHeap();
        const dryRun = event?.dryRun === true;
        return publishSite(depsForRun(deps, dryRun), { dryRun, onListed: useLargeSiteHeap });
      },
      reportOf: (report) => report,
    },
    getDeps,
    log,
  );
}

export const handler = createPublishHandler(coldStartDeps);
