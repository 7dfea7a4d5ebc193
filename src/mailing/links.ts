import { CONFIRM_TOKEN_SECONDS, signToken } from '../subscribers/tokens.js';
import type { MailSettings } from './mail-settings.js';

/** The endpoint paths the lifecycle handler answers; the links in mails are built from the same names. */
export const ENDPOINT_PATHS = { subscribe: 'subscribe', confirm: 'confirm', unsubscribe: 'unsubscribe' } as const;

function endpoint(settings: MailSettings, path: string, token: string): string {
  const url = new URL(path, settings.endpointsUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

/** Never expires: RFC 8058 asks that the link in any mail still received keeps working. */
export function unsubscribeUrl(settings: MailSettings, subscriberId: string): string {
  return endpoint(settings, ENDPOINT_PATHS.unsubscribe, signToken(settings.secret, { act: 'unsubscribe', dig: settings.digestId, sub: subscriberId }));
}

export function confirmUrl(settings: MailSettings, subscriberId: string, now: Date): string {
  const exp = Math.floor(now.getTime() / 1000) + CONFIRM_TOKEN_SECONDS;
  return endpoint(settings, ENDPOINT_PATHS.confirm, signToken(settings.secret, { act: 'confirm', dig: settings.digestId, sub: subscriberId, exp }));
}
