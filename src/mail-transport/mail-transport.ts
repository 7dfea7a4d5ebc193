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
