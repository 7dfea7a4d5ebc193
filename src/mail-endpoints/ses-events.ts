import type { Clock } from '../clock/clock.js';
import { suppressAddress } from '../mailing/lifecycle.js';
import type { Logger } from '../publish/logger.js';
import { InvalidAddressError, subscriberId, type SubscriberStore } from '../subscribers/index.js';
import { readSesFeedback } from './ses-notification.js';
import { type FetchCertificate, verifySnsMessage } from './sns-message.js';

export interface SesEventDeps {
  subscribers: SubscriberStore;
  clock: Clock;
  log: Logger;
  fetchCertificate: FetchCertificate;
  /** The topic SES publishes to; messages from any other topic are refused. */
  topicArn?: string;
}

export interface SesEventResult {
  status: 'bounced' | 'complained' | 'ignored';
  /** Digests whose record changed, per suppressed subscriber id (addresses stay out of logs). */
  suppressed: { subscriber: string; digests: string[] }[];
}

/** One SNS message: signature checked first, then each permanently bounced or complaining address is suppressed. */
export async function handleSesEvent(deps: SesEventDeps, raw: unknown): Promise<SesEventResult> {
  const message = await verifySnsMessage(raw, { fetchCertificate: deps.fetchCertificate, ...(deps.topicArn ? { topicArn: deps.topicArn } : {}) });
  if (message.Type !== 'Notification') {
    deps.log.warn('SNS message ignored', { type: message.Type, topic: message.TopicArn });
    return { status: 'ignored', suppressed: [] };
  }
  const feedback = readSesFeedback(message.Message);
  if (feedback.status === 'ignored') {
    deps.log.info('SES event ignored', { reason: feedback.reason });
    return { status: 'ignored', suppressed: [] };
  }
  const suppressed: SesEventResult['suppressed'] = [];
  for (const address of feedback.addresses) {
    try {
      const digests = await suppressAddress(deps, address, feedback.status);
      suppressed.push({ subscriber: subscriberId(address.trim().toLowerCase()), digests });
    } catch (error) {
      // SES reports what the receiving server said; an address we could never have stored is not ours.
      if (!(error instanceof InvalidAddressError)) throw error;
      deps.log.warn('SES event names an invalid address', { reason: error.reason });
    }
  }
  deps.log.info('SES feedback applied', { status: feedback.status, suppressed });
  return { status: feedback.status, suppressed };
}
