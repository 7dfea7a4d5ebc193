import { z } from 'zod';
import { issueDigest } from '../src/digest/index.js';
import type { RunReport } from '../src/publish/run-report.js';
import { coldStartDeps, type FunctionDeps } from './deps.js';
import { ValidationError } from './errors.js';
import { describeFailure, logReport } from './log.js';

/**
 * The schedule's input. EventBridge Scheduler sends only this object, with `time` filled from
 * `<aws.scheduler.scheduled-time>`; an EventBridge rule event also carries `time`. The scheduled time,
 * not the (possibly retried, late) invocation time, decides which issue is due.
 */
const DigestEventSchema = z.looseObject({
  digest: z.string().min(1),
  time: z.iso.datetime({ offset: true }).optional(),
});

export function createDigestHandler(getDeps: () => FunctionDeps): (event: unknown) => Promise<RunReport> {
  return async (event) => {
    const parsed = DigestEventSchema.safeParse(event);
    if (!parsed.success) throw new ValidationError(z.prettifyError(parsed.error), 'digest event');
    const deps = getDeps();
    const at = parsed.data.time ? new Date(parsed.data.time) : deps.clock();
    deps.log.info('digest started', { digest: parsed.data.digest, at: at.toISOString() });
    try {
      const report = await issueDigest(deps, { digestId: parsed.data.digest, at });
      logReport(deps.log, report);
      return report;
    } catch (error) {
      deps.log.warn('digest failed', { digest: parsed.data.digest, error: describeFailure(error) });
      throw error;
    }
  };
}

export const handler = createDigestHandler(coldStartDeps);
