import * as z from 'zod';
import { useBuildHeap, useLargeSiteHeap } from '../src/process/heap-settings.js';
import { publishSite } from '../src/publish/publish.js';
import type { RunReport } from '../src/publish/run-report.js';
import { coldStartDeps, type FunctionDeps } from './deps.js';
import { createHandler } from './envelope.js';
import type { JsonLogger } from './log.js';

// The EventBridge "Scheduled Event" envelope; nothing in it changes what is published, so only its shape is checked.
const ScheduledEventSchema = z
  .looseObject({
    time: z.iso.datetime({ offset: true }).optional(),
    'detail-type': z.string().optional(),
    id: z.string().optional(),
  })
  .optional();

/** Builds the scheduled publish handler around a deps provider (the cold-start one when deployed). */
export function createPublishHandler(getDeps: () => FunctionDeps, log?: JsonLogger): (event: unknown) => Promise<RunReport> {
  return createHandler(
    {
      name: 'publish',
      schema: ScheduledEventSchema,
      describe: (event) => ({ trigger: event?.['detail-type'] ?? 'direct', eventTime: event?.time }),
      run: (deps) => {
        useBuildHeap();
        return publishSite(deps, { onListed: useLargeSiteHeap });
      },
      reportOf: (report) => report,
    },
    getDeps,
    log,
  );
}

export const handler = createPublishHandler(coldStartDeps);
