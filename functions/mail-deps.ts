import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Clock } from '../src/clock/clock.js';
import { type Config, ConfigError, EmailConfigSchema, endpointsUrlFromEnv } from '../src/config/config.js';
import { createMailTransport, type MailTransport } from '../src/mail-transport/index.js';
import type { JsonLogger } from './log.js';
import { type Env, type Store } from '../src/storage/index.js';
import { createStoreSubscriberStore, type SubscriberStore } from '../src/subscribers/index.js';
import { buildDeps } from './deps.js';

/** What the e-mail handlers need; built once per cold start, or injected by tests. */
export interface MailFunctionDeps {
  config: Config;
  output: Store;
  state: Store;
  subscribers: SubscriberStore;
  transport: MailTransport;
  clock: Clock;
  log: JsonLogger;
  /** Secret and endpoints URL from the environment (the secret from SSM at deploy time). */
  mail: { secret?: string; endpointsUrl?: string };
}

export interface BuildMailDepsOptions {
  s3Client?: S3Client;
  sesClient?: SESv2Client;
  transport?: MailTransport;
  clock?: Clock;
  log?: JsonLogger;
}

/**
 * The function deps plus the state store (`FEEDWRIGHT_STATE`, else config `state`, else beside the output),
 * the subscriber store inside it, and the mail transport chosen by `FEEDWRIGHT_SMTP_URL`.
 */
export function buildMailDeps(env: Env, options: BuildMailDepsOptions = {}): MailFunctionDeps {
  const base = buildDeps(env, options);
  const config = withSender(base.config, env.FEEDWRIGHT_EMAIL_FROM?.trim());
  // The same state store the publisher and digests use (FEEDWRIGHT_STATE, else config `state`, else beside the output).
  const state = base.state;
  const secret = env.FEEDWRIGHT_EMAIL_SECRET?.trim();
  const endpointsUrl = endpointsUrlFromEnv(env);
  return {
    config,
    output: base.output,
    state,
    subscribers: createStoreSubscriberStore(state),
    transport: options.transport ?? createMailTransport(env, options.sesClient ? { sesClient: options.sesClient } : {}),
    clock: base.clock,
    log: base.log,
    mail: { ...(secret ? { secret } : {}), ...(endpointsUrl ? { endpointsUrl } : {}) },
  };
}

/** `FEEDWRIGHT_EMAIL_FROM` (the deployment's verified sender) stands in for a config without an `email` block. */
function withSender(config: Config, from: string | undefined): Config {
  if (config.email || !from) return config;
  const parsed = EmailConfigSchema.safeParse({ from });
  if (!parsed.success) throw new ConfigError(`FEEDWRIGHT_EMAIL_FROM: ${parsed.error.issues[0]?.message ?? 'invalid'}`, 'FEEDWRIGHT_EMAIL_FROM');
  return { ...config, email: parsed.data };
}

let coldStart: MailFunctionDeps | undefined;

export function coldStartMailDeps(): MailFunctionDeps {
  coldStart ??= buildMailDeps(process.env);
  return coldStart;
}
