import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../publish/logger.js';
import type { PublishDeps } from '../publish/publish.js';
import { createFetchHubClient } from '../websub/index.js';
import { contentInMemoryFrom } from '../config/content-in-memory.js';
import {
  assertSeparateLocations,
  createStore,
  type CreateStoreOptions,
  defaultStateLocation,
  type Env,
  type Store,
} from '../storage/index.js';

/** Deps of both use cases (publish, digest), with the state store always given. */
export type SiteDeps = PublishDeps & { state: Store };

export interface LocationFlags {
  input?: string;
  out?: string;
  state?: string;
}

export interface SiteLocations {
  input: string;
  out: string;
  state: string;
}

/**
 * Flags win over the config; the state defaults to the config's, then to {@link defaultStateLocation}.
 * No two of input, output and state may overlap: the output is served (state must stay private) and a
 * run must never write where its inputs live.
 */
export function resolveLocations(config: Config, flags: LocationFlags): SiteLocations {
  const input = flags.input ?? config.input;
  const out = flags.out ?? config.out;
  const state = flags.state ?? config.state ?? defaultStateLocation(out);
  assertSeparateLocations(input, out);
  assertSeparateLocations(state, out);
  assertSeparateLocations(state, input);
  return { input, out, state };
}

// Until every branch's createStore knows `mustExist`, the extra key is typed here so the call compiles
// either way; with it, a missing input folder or prefix is an error instead of an empty site.
type InputStoreOptions = CreateStoreOptions & { mustExist?: boolean };

export function createSiteDeps(config: Config, locations: SiteLocations, clock: Clock, log: Logger, env: Env = process.env): SiteDeps {
  const inputOptions: InputStoreOptions = { mustExist: true };
  return {
    config,
    input: createStore(locations.input, env, inputOptions),
    output: createStore(locations.out, env),
    state: createStore(locations.state, env),
    // WebSub pings only when a hub is configured: a build without one opens no socket.
    ...(config.feed.hub ? { hub: createFetchHubClient() } : {}),
    ...contentInMemoryFrom(env),
    clock,
    log,
  };
}
