import { z } from 'zod';
import { publishSite } from '../src/publish/publish.js';
import type { RunReport } from '../src/publish/run-report.js';
import { coldStartDeps, type FunctionDeps } from './deps.js';
import { ValidationError } from './errors.js';
import { describeFailure, logReport } from './log.js';

// The EventBridge "Scheduled Event" envelope; nothing in it changes what is published, so only its shape is checked.
const ScheduledEventSchema = z
  .looseObject({
    time: z.iso.datetime({ offset: true }).optional(),
    'detail-type': z.string().optional(),
    id: z.string().optional(),
  })
  .optional();

/** Builds the scheduled publish handler around a deps provider (the cold-start one when deployed). */
export function createPublishHandler(getDeps: () => FunctionDeps): (event: unknown) => Promise<RunReport> {
  return async (event) => {
    const parsed = ScheduledEventSchema.safeParse(event);
    if (!parsed.success) throw new ValidationError(z.prettifyError(parsed.error), 'publish event');
    const deps = getDeps();
    deps.log.info('publish started', { trigger: parsed.data?.['detail-type'] ?? 'direct', eventTime: parsed.data?.time });
    try {
      const report = await publishSite(deps);
      logReport(deps.log, report);
      return report;
    } catch (error) {
      deps.log.warn('publish failed', { error: describeFailure(error) });
      throw error;
    }
  };
}

export const handler = createPublishHandler(coldStartDeps);
