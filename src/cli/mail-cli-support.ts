import type { FlagSpec, Flags } from './flags.js';
import { type Config, endpointsUrlFromEnv } from '../config/config.js';
import { loadConfigFile } from '../config/load-config-file.js';
import { FeedwrightError } from '../errors/index.js';
import { createStore, defaultStateLocation, type Env, type Store } from '../storage/index.js';
import { createStoreSubscriberStore, type SubscriberStore } from '../subscribers/index.js';

export class MailUsageError extends FeedwrightError {
  override readonly name = 'MailUsageError' as const;
  readonly code = 'usage';
}

export const locationFlags = { config: { type: 'string' }, out: { type: 'string' }, state: { type: 'string' } } satisfies FlagSpec;

export interface MailContext {
  config: Config;
  output: Store;
  state: Store;
  subscribers: SubscriberStore;
  /** Overrides of config `email` from the environment. */
  mail: { secret?: string; endpointsUrl?: string };
}

/** Config, stores and env overrides for the mail commands: subscribers live in the private state store. */
export async function loadMailContext(values: Flags, env: Env = process.env): Promise<MailContext> {
  const { config } = await loadConfigFile(values.config as string | undefined);
  const out = (values.out as string | undefined) ?? config.out;
  const stateLocation = (values.state as string | undefined) ?? config.state ?? env.FEEDWRIGHT_STATE ?? defaultStateLocation(out);
  const state = createStore(stateLocation, env);
  const secret = env.FEEDWRIGHT_EMAIL_SECRET?.trim();
  const endpointsUrl = endpointsUrlFromEnv(env);
  return {
    config,
    output: createStore(out, env),
    state,
    subscribers: createStoreSubscriberStore(state),
    mail: { ...(secret ? { secret } : {}), ...(endpointsUrl ? { endpointsUrl } : {}) },
  };
}

/** Known errors print one line and their exit code; anything else is a bug and keeps its stack. */
export async function reportErrors(command: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof FeedwrightError)) throw error;
    console.error(`feedwright ${command}: ${error.message}`);
    return error.exitCode;
  }
}
