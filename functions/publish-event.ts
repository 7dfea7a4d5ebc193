import * as z from 'zod';

/**
 * What the `publish` function is invoked with: `{}` or `{"dryRun":true}` by hand, or the event its
 * EventBridge rule schedule delivers (serverless.yml gives that schedule no `input:`, so the whole
 * "Scheduled Event" arrives). Strict, like `run`'s payload: an unknown key (a typo such as `dryrun`) is
 * refused instead of running a real publish. The EventBridge fields change nothing that is published.
 */
export const PublishEventSchema = z
  .strictObject({
    version: z.string().optional(),
    id: z.string().optional(),
    'detail-type': z.string().optional(),
    source: z.string().optional(),
    account: z.string().optional(),
    time: z.iso.datetime({ offset: true }).optional(),
    region: z.string().optional(),
    resources: z.array(z.string()).optional(),
    detail: z.record(z.string(), z.unknown()).optional(),
    /** Compute everything, write nothing (the output and state are opened read-only). */
    dryRun: z.boolean().optional(),
  })
  .optional();
export type PublishEvent = z.infer<typeof PublishEventSchema>;

/** The start line's fields: what triggered the run, and whether it writes. */
export function describePublishEvent(event: PublishEvent): Record<string, unknown> {
  return { trigger: event?.['detail-type'] ?? 'direct', eventTime: event?.time, dryRun: event?.dryRun === true };
}
