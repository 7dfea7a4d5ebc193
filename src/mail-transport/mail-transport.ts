import type { EmailMessage } from '../email/email-message.js';
import { FeedwrightError } from '../errors/index.js';

/** Sends one message. Implementations throw MailSendError; `permanent` says whether a retry could help. */
export interface MailTransport {
  readonly description: string;
  send(message: EmailMessage): Promise<{ messageId: string }>;
  close?(): Promise<void>;
}

export class MailSendError extends FeedwrightError {
  override readonly name = 'MailSendError' as const;
  readonly code = 'mail-send-failed';
  override readonly exitCode = 3;
  constructor(
    message: string,
    /** True when the server refused this message or recipient for good (SMTP 5xx, SES MessageRejected). */
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** How a transport names itself in logs and reports; an SMTP URL is shown without its credentials. */
export function smtpDescription(url: string): string {
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return shown.toString();
}

export function sesDescription(configurationSet: string | undefined): string {
  return `SES v2${configurationSet ? ` (configuration set ${configurationSet})` : ''}`;
}

/** An environment value, trimmed; blank counts as unset. */
export function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
