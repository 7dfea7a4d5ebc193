import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../publish/logger.js';
import type { PublishDeps } from '../publish/publish.js';
import { createFetchHubClient } from '../websub/index.js';
import { contentInMemoryFrom } from '../config/content-in-memory.js';
import { createStore, type CreateStoreOptions, type Env, type SiteLocations, type Store } from '../storage/index.js';

/** Deps of both use cases (publish, digest), with the state store always given. */
export type SiteDeps = PublishDeps & { state: Store };

// Until every branch's createStore knows `mustExist`, the extra key is typed here so the call compiles
// either way; with it, a missing input folder or prefix is an error instead of an empty site.
type InputStoreOptions = CreateStoreOptions & { mustExist?: boolean };

export interface SiteDepsOptions {
  /** Open the output and state read-only, so the run cannot write or clean up anything there. */
  dryRun?: boolean;
}

/** `locations` as {@link resolveSiteLocations} gave them: checked, so nothing here can write where it must not. */
export function createSiteDeps(config: Config, locations: SiteLocations, clock: Clock, log: Logger, env: Env = process.env, options: SiteDepsOptions = {}): SiteDeps {
  // Inputs are only ever read: their store never writes, and never removes another tool's temp files.
  const inputOptions: InputStoreOptions = { mustExist: true, readOnly: true };
  const readOnly = options.dryRun === true;
  return {
    config,
    input: createStore(locations.input, env, inputOptions),
    output: createStore(locations.out, env, { readOnly }),
    state: createStore(locations.state, env, { readOnly }),
    // WebSub pings only when a hub is configured: a build without one opens no socket.
    ...(config.feed.hub ? { hub: createFetchHubClient() } : {}),
    ...contentInMemoryFrom(env),
    clock,
    log,
  };
}
