import { type FlagSpec, type Flags, stringFlag } from './flags.js';
import { failureOutput } from './report-failure.js';
import { locationChoices } from './site-options.js';
import { type Config, endpointsUrlFromEnv } from '../config/config.js';
import { loadConfigFile } from '../config/load-config-file.js';
import { FeedwrightError } from '../errors/index.js';
import { createStore, type Env, resolveSiteLocations, type Store } from '../storage/index.js';
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

/**
 * Config, stores and env overrides for the mail commands: subscribers live in the private state store,
 * found and checked exactly as `build` finds and checks it (an address written into the served output
 * would be published). With `--dry-run` both stores are read-only.
 */
export async function loadMailContext(values: Flags, env: Env = process.env): Promise<MailContext> {
  const { config } = await loadConfigFile(stringFlag(values, 'config'));
  const locations = resolveSiteLocations(config, locationChoices(values), env);
  const readOnly = values['dry-run'] === true;
  const state = createStore(locations.state, env, { readOnly });
  const secret = env.FEEDWRIGHT_EMAIL_SECRET?.trim();
  const endpointsUrl = endpointsUrlFromEnv(env);
  return {
    config,
    output: createStore(locations.out, env, { readOnly }),
    state,
    subscribers: createStoreSubscriberStore(state),
    mail: { ...(secret ? { secret } : {}), ...(endpointsUrl ? { endpointsUrl } : {}) },
  };
}

/**
 * Known errors print one line and their exit code, and with `json` their failure object on stdout (where a
 * script reads the report it asked for); anything else is a bug and keeps its stack.
 */
export async function reportErrors(command: string, run: () => Promise<number>, json = false): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof FeedwrightError)) throw error;
    const failure = failureOutput(command, error, false, json);
    for (const line of failure.lines) console.error(line);
    if (failure.json) console.log(JSON.stringify(failure.json));
    return failure.exitCode;
  }
}
