import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../publish/logger.js';
import type { PublishDeps } from '../publish/publish.js';
import { createFetchHubClient } from '../websub/index.js';
import { contentInMemoryFrom } from '../config/content-in-memory.js';
import type { SourceProcessor } from '../publish/source-processor.js';
import { sourceWorkerUrl } from '../threads/worker-url.js';
import { threadsFrom } from '../config/threads.js';
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
    processor: sourcesOnThreads(threadsFrom(env).threads),
    clock,
    log,
  };
}

// A cold build of a large site spends about half its time in the per-source stage (Markdown, sanitizing,
// summaries), which needs nothing but each source's bytes: past this many changed sources it is shared
// with worker threads (figures in bench/BUILD-RESULTS.md, fifteenth round). Below it a worker's start
// (its own module load and JIT warm-up) costs more than it saves.
const THREADED_SOURCES = 1000;

/**
 * The per-source stage's runner; its module (and the summarizer's) is loaded only when sources changed.
 * `threads` is the operator's FEEDWRIGHT_THREADS: set, it applies whatever the number of sources.
 */
function sourcesOnThreads(threads: number | undefined): SourceProcessor {
  return {
    async process(input, sources, request, options) {
      const { defaultThreads, threadSourcesProcessor } = await import('../threads/thread-sources.js');
      const processor = threadSourcesProcessor({
        workerUrl: sourceWorkerUrl(),
        threads: threads ?? defaultThreads(),
        minSources: threads === undefined ? THREADED_SOURCES : 1,
      });
      return processor.process(input, sources, request, options);
    },
  };
}
