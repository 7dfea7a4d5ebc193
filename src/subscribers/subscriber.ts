import * as z from 'zod';

export const SUBSCRIBER_STATUSES = ['pending', 'confirmed', 'unsubscribed', 'bounced', 'complained'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/** Statuses that must never receive mail again, whatever a later subscribe request says. */
export const SUPPRESSED: ReadonlySet<SubscriberStatus> = new Set(['bounced', 'complained']);

/** Everything stored about one person for one digest: the address and the evidence of consent, nothing else. */
export const SubscriberSchema = z.strictObject({
  version: z.literal(1),
  address: z.string().min(3),
  status: z.enum(SUBSCRIBER_STATUSES),
  /** How consent was given: `double-opt-in`, `operator: <text>`, `import: <file>`… */
  source: z.string().max(200),
  /** When the address asked (subscribe form) or the operator vouched for it. */
  requestedAt: z.iso.datetime(),
  /** When consent was proven (confirm button or operator); absent while pending. */
  consentAt: z.iso.datetime().optional(),
  updatedAt: z.iso.datetime(),
  /** Last mail sent for the subscribe form (a confirmation, or the note to a confirmed address), for the per-address rate limit; named before that note existed. */
  confirmationSentAt: z.iso.datetime().optional(),
});
export type Subscriber = z.infer<typeof SubscriberSchema>;
