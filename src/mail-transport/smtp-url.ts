import { ConfigError } from '../config/config.js';
import type { Env } from '../storage/index.js';
import { nonEmpty } from './mail-transport.js';

const VARIABLE = 'FEEDWRIGHT_SMTP_URL';

/**
 * `FEEDWRIGHT_SMTP_URL` checked when the transport is made, not on the first message: a typo (`smtp//host`,
 * a port past 65535, `http://`) found then would surface as a bug after the digest issue was written and
 * a send record said `sending`. Undefined when unset (SES is used).
 */
export function smtpUrlFromEnv(env: Env): string | undefined {
  const given = nonEmpty(env[VARIABLE]);
  if (given === undefined) return undefined;
  const refuse = (reason: string, cause?: unknown) =>
    new ConfigError(`${VARIABLE}: ${reason}, e.g. smtp://127.0.0.1:1025 or smtps://user:pass@mail.example:465`, VARIABLE, cause === undefined ? {} : { cause });
  let url: URL;
  try {
    url = new URL(given);
  } catch (cause) {
    // The value may carry a password: it is not echoed.
    throw refuse('not a URL (a bad port or a missing "://")', cause);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw refuse(`expected smtp:// or smtps://, got ${url.protocol}//`);
  if (url.hostname === '') throw refuse('no host');
  return given;
}
