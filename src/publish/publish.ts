import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { Store } from '../storage/store.js';
import type { Logger } from './logger.js';
import type { RunReport } from './run-report.js';

export interface PublishDeps {
  config: Config;
  input: Store;
  output: Store;
  clock: Clock;
  log: Logger;
}

export interface PublishOptions {
  /** Compute everything, write nothing; the report lists what would be written. */
  dryRun?: boolean;
  /** Rewrite every object even if unchanged. */
  force?: boolean;
}

/** The publish use case: articles from `input` → feeds, pages, index and OPML in `output`. */
export async function publishSite(_deps: PublishDeps, _options: PublishOptions = {}): Promise<RunReport> {
  throw new Error('not implemented yet');
}
