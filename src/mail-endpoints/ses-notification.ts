import * as z from 'zod';

const Recipient = z.looseObject({ emailAddress: z.string() });

/**
 * The parts of an SES bounce/complaint notification we act on. Configuration-set event publishing names
 * the kind `eventType`; identity notifications name it `notificationType`.
 */
const SesNotificationSchema = z.looseObject({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  bounce: z.looseObject({ bounceType: z.string(), bouncedRecipients: z.array(Recipient) }).optional(),
  complaint: z.looseObject({ complainedRecipients: z.array(Recipient) }).optional(),
});

export type SesFeedback = { status: 'bounced' | 'complained'; addresses: string[] } | { status: 'ignored'; reason: string };

/** Permanent bounces and complaints suppress their addresses; transient bounces and deliveries do not. */
export function readSesFeedback(messageText: string): SesFeedback {
  let raw: unknown;
  try {
    raw = JSON.parse(messageText);
  } catch {
    return { status: 'ignored', reason: 'message is not JSON' };
  }
  const parsed = SesNotificationSchema.safeParse(raw);
  if (!parsed.success) return { status: 'ignored', reason: 'not an SES notification' };
  const kind = parsed.data.eventType ?? parsed.data.notificationType;
  if (kind === 'Bounce' && parsed.data.bounce) {
    if (parsed.data.bounce.bounceType !== 'Permanent') return { status: 'ignored', reason: `${parsed.data.bounce.bounceType} bounce` };
    return { status: 'bounced', addresses: parsed.data.bounce.bouncedRecipients.map((r) => r.emailAddress) };
  }
  if (kind === 'Complaint' && parsed.data.complaint) {
    return { status: 'complained', addresses: parsed.data.complaint.complainedRecipients.map((r) => r.emailAddress) };
  }
  return { status: 'ignored', reason: `event ${kind ?? 'unknown'}` };
}
