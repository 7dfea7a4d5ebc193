import { systemClock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import { loadConfigFile } from '../config/load-config-file.js';
import { truncateForLog } from '../errors/index.js';
import type { Logger } from '../publish/logger.js';
import { type Flags, type FlagSpec, stringFlag } from './flags.js';
import type { OutputMode } from './print-report.js';
import { foldersNotYetMade, type LocationChoices, resolveSiteLocations } from '../storage/index.js';
import { createSiteDeps, type SiteDeps } from './site-deps.js';
import { UsageError } from './usage-error.js';

const cliLogger: Logger = {
  info() {},
  warn() {},
};

export const locationFlags = {
  input: { type: 'string' },
  out: { type: 'string' },
  state: { type: 'string' },
  config: { type: 'string' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
} satisfies FlagSpec;

/**
 * The config and deps of a site command; `newFolders` are the output and state folders (and those above
 * them) that do not exist yet, to be taken back if the run fails (see `removingNewFoldersOnFailure`).
 */
export async function siteDeps(values: Flags): Promise<{ config: Config; deps: SiteDeps; newFolders: string[] }> {
  const { config } = await loadConfigFile(stringFlag(values, 'config'));
  const locations = resolveSiteLocations(config, locationChoices(values), process.env);
  const dryRun = values['dry-run'] === true;
  const newFolders = foldersNotYetMade([locations.out, locations.state]);
  return { config, deps: createSiteDeps(config, locations, systemClock, cliLogger, process.env, { dryRun }), newFolders };
}

/** The location flags of any command (those it does not take are simply absent). */
export function locationChoices(values: Flags): LocationChoices {
  return { input: stringFlag(values, 'input'), out: stringFlag(values, 'out'), state: stringFlag(values, 'state') };
}

export const outputFlags = {
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} satisfies FlagSpec;

export function outputMode(values: Flags): OutputMode {
  if (values.json && values.quiet) throw new UsageError('give --json or --quiet, not both');
  return values.json ? 'json' : values.quiet ? 'quiet' : 'text';
}

/** A positional input folder is the same as --input; both at once is a mistake, not a silent choice. */
export function withPositionalInput(values: Flags, positionals: string[]): Flags {
  const folder = positionals[0];
  if (folder === undefined) return values;
  if (values.input !== undefined) throw new UsageError(`give the input once: ${JSON.stringify(truncateForLog(folder, 60))} or --input, not both`);
  return { ...values, input: folder };
}
