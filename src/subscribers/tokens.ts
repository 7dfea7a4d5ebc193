import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { FeedwrightError } from '../errors/index.js';

export type TokenAction = 'confirm' | 'unsubscribe';

/** What a token proves: the holder may do `action` for subscriber `id` of `digest` (until `exp`, seconds). */
const PayloadSchema = z.strictObject({
  v: z.literal(1),
  act: z.enum(['confirm', 'unsubscribe']),
  dig: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  sub: z.string().regex(/^[0-9a-f]{32}$/),
  exp: z.number().int().positive().optional(),
});
export type TokenClaims = z.infer<typeof PayloadSchema>;

export class TokenError extends FeedwrightError {
  override readonly name = 'TokenError' as const;
  readonly code = 'invalid-token';
  constructor(readonly reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-action') {
    super(`token refused: ${reason}`);
  }
}

/** A confirmation link is answered within days or never; an unsubscribe link in an old mail must keep working. */
export const CONFIRM_TOKEN_SECONDS = 7 * 24 * 3600;

function mac(secret: string, body: string): Buffer {
  // A per-purpose key, so the same secret signing something else one day cannot mint subscriber tokens.
  return createHmac('sha256', `feedwright-subscribers\0${secret}`).update(body).digest();
}

/** `<base64url payload>.<base64url HMAC-SHA256>`: short enough for a URL, opaque to the reader. */
export function signToken(secret: string, claims: Omit<TokenClaims, 'v'>): string {
  const body = Buffer.from(JSON.stringify({ v: 1, ...claims })).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** Checks signature, action and expiry; every failure is a TokenError, never a partial result. */
export function verifyToken(secret: string, token: string, action: TokenAction, now: Date): TokenClaims {
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) throw new TokenError('malformed');
  const [, body = '', signature = ''] = match;
  const expected = mac(secret, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenError('bad-signature');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed');
  }
  const parsed = PayloadSchema.safeParse(raw);
  if (!parsed.success) throw new TokenError('malformed');
  if (parsed.data.act !== action) throw new TokenError('wrong-action');
  if (parsed.data.exp !== undefined && parsed.data.exp * 1000 < now.getTime()) throw new TokenError('expired');
  return parsed.data;
}
