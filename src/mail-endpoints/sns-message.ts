import { verify } from 'node:crypto';
import * as z from 'zod';
import { FeedwrightError } from '../errors/index.js';

/** An SNS message as delivered to Lambda (`Records[].Sns`, `SigningCertUrl`) or over HTTP (`SigningCertURL`). */
export const SnsMessageSchema = z
  .looseObject({
    Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
    MessageId: z.string().min(1),
    TopicArn: z.string().min(1),
    Subject: z.string().nullish(),
    Message: z.string(),
    Timestamp: z.string().min(1),
    SignatureVersion: z.enum(['1', '2']),
    Signature: z.string().min(1),
    SigningCertUrl: z.string().optional(),
    SigningCertURL: z.string().optional(),
    SubscribeURL: z.string().optional(),
    Token: z.string().optional(),
  })
  .refine((m) => (m.SigningCertUrl ?? m.SigningCertURL) !== undefined, 'SigningCertURL is required');
export type SnsMessage = z.infer<typeof SnsMessageSchema>;

export class SnsSignatureError extends FeedwrightError {
  override readonly name = 'SnsSignatureError' as const;
  readonly code = 'sns-signature-invalid';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`SNS message refused: ${reason}`, options);
  }
}

/** Fetches a PEM certificate; injected so tests sign with their own key and production caches per cold start. */
export type FetchCertificate = (url: string) => Promise<string>;

// Only AWS's own SNS endpoints may vouch for a message; otherwise anyone could sign with a certificate of their own.
const SNS_CERT_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

export function isSnsCertificateUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && SNS_CERT_HOST.test(parsed.hostname) && parsed.pathname.endsWith('.pem') && parsed.port === '';
  } catch {
    return false;
  }
}

/** The canonical string SNS signs (docs: "Verifying the signatures of Amazon SNS messages"). */
export function snsStringToSign(message: SnsMessage): string {
  const fields: [string, string | null | undefined][] =
    message.Type === 'Notification'
      ? [
          ['Message', message.Message],
          ['MessageId', message.MessageId],
          ['Subject', message.Subject],
          ['Timestamp', message.Timestamp],
          ['TopicArn', message.TopicArn],
          ['Type', message.Type],
        ]
      : [
          ['Message', message.Message],
          ['MessageId', message.MessageId],
          ['SubscribeURL', message.SubscribeURL],
          ['Timestamp', message.Timestamp],
          ['Token', message.Token],
          ['TopicArn', message.TopicArn],
          ['Type', message.Type],
        ];
  return fields
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => `${name}\n${value}\n`)
    .join('');
}

export function createCertificateFetcher(fetchImpl: typeof fetch = fetch): FetchCertificate {
  const cache = new Map<string, Promise<string>>();
  return (url) => {
    let pending = cache.get(url);
    if (!pending) {
      pending = fetchImpl(url).then(async (response) => {
        if (!response.ok) throw new SnsSignatureError(`certificate ${url}: HTTP ${response.status}`);
        return response.text();
      });
      // A failed fetch is not cached: the next message tries again.
      pending.catch(() => cache.delete(url));
      cache.set(url, pending);
    }
    return pending;
  };
}

/**
 * Verifies an SNS message's signature against the certificate at its signing URL, which must be an AWS SNS
 * host, and (when given) that it comes from the expected topic. Throws SnsSignatureError otherwise.
 */
export async function verifySnsMessage(
  raw: unknown,
  options: { fetchCertificate: FetchCertificate; topicArn?: string; certificateUrlAllowed?: (url: string) => boolean },
): Promise<SnsMessage> {
  const parsed = SnsMessageSchema.safeParse(raw);
  if (!parsed.success) throw new SnsSignatureError(`not an SNS message (${z.prettifyError(parsed.error)})`);
  const message = parsed.data;
  const certUrl = message.SigningCertUrl ?? message.SigningCertURL ?? '';
  const allowed = options.certificateUrlAllowed ?? isSnsCertificateUrl;
  if (!allowed(certUrl)) throw new SnsSignatureError(`signing certificate URL is not an AWS SNS endpoint: ${certUrl}`);
  if (options.topicArn !== undefined && message.TopicArn !== options.topicArn) throw new SnsSignatureError(`unexpected topic ${message.TopicArn}`);
  const certificate = await options.fetchCertificate(certUrl);
  let ok: boolean;
  try {
    ok = verify(message.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256', Buffer.from(snsStringToSign(message)), certificate, Buffer.from(message.Signature, 'base64'));
  } catch (cause) {
    throw new SnsSignatureError('signature could not be checked', { cause });
  }
  if (!ok) throw new SnsSignatureError('bad signature');
  return message;
}
