import * as z from 'zod';
import { type Clock, systemClock } from '../src/clock/clock.js';
import { type Config, ConfigError, parseConfig } from '../src/config/config.js';
import { contentInMemoryFrom } from '../src/config/content-in-memory.js';
import { readRawConfigSync } from '../src/config/load-config-file.js';
import { duplicateJsonKey } from '../src/config/json-duplicate-key.js';
import {
  loadS3Client,
  type S3ClientRef,
  createStore,
  type CreateStoreOptions,
  type Env,
  resolveSiteLocations,
  type Store,
} from '../src/storage/index.js';
import { createFetchHubClient, type HubClient } from '../src/websub/index.js';
import { createJsonLogger, type JsonLogger } from './log.js';

/** Everything a handler needs; built once per cold start, or injected by tests and `invokeFunction`. */
export interface FunctionDeps {
  config: Config;
  input: Store;
  output: Store;
  /** Publisher and digest state, never inside `output`. */
  state: Store;
  clock: Clock;
  log: JsonLogger;
  /** WebSub client, present when `feed.hub` is configured. */
  hub?: HubClient;
  /** From `FEEDWRIGHT_CONTENT_IN_MEMORY` (see `SiteDeps.contentInMemory`). */
  contentInMemory?: number;
  /**
   * The output and state opened read-only, for a `dryRun` payload: a dry run must not even remove a killed
   * writer's stale temp files (the writable stores' listings do). Made when asked.
   */
  readOnlyStores?: () => { output: Store; state: Store };
}

// Loose on purpose: the Lambda environment holds many AWS_* variables besides ours.
const FunctionEnvSchema = z.object({
  FEEDWRIGHT_INPUT: z.string().trim().min(1, 'required: where articles are read (s3://bucket/prefix/ or a folder)'),
  FEEDWRIGHT_OUT: z.string().trim().min(1, 'required: where the site is written (s3://bucket/prefix/ or a folder)'),
  FEEDWRIGHT_STATE: z.string().trim().min(1).optional(),
  /** Legacy: the config as a JSON string; refused next to a config file, so there is only ever one. */
  FEEDWRIGHT_CONFIG: z.string().trim().min(1).optional(),
  /** The config file; default: feedwright.config.yaml (or .yml, .json) in the function's folder. */
  FEEDWRIGHT_CONFIG_FILE: z.string().trim().min(1).optional(),
  FEEDWRIGHT_BASE_URL: z.url().optional(),
});

export interface BuildDepsOptions {
  /** One client shared by the input and output stores; built from `env` when absent. */
  s3Client?: S3ClientRef;
  clock?: Clock;
  log?: JsonLogger;
  /**
   * Where the default config file is looked for: the deployed bundle's folder (`LAMBDA_TASK_ROOT`, where
   * serverless.yml packages feedwright.config.yaml), else the current folder.
   */
  configDir?: string;
  /** `feedwright invoke`: without FEEDWRIGHT_INPUT / FEEDWRIGHT_OUT, use the config's `input` / `out`. */
  locationsFromConfig?: boolean;
}

// Until every branch's createStore knows `mustExist`, the extra key is typed here so the call compiles
// either way; with it, a missing input folder or prefix is an error instead of an empty site.
type InputStoreOptions = CreateStoreOptions & { mustExist?: boolean };


/**
 * The one config: the same feedwright.config.yaml the CLI reads (deployed with the functions), else the
 * legacy FEEDWRIGHT_CONFIG JSON, else the defaults. Both at once is refused: two configs drift.
 */
function rawConfig(env: Env, json: string | undefined, options: BuildDepsOptions): { raw: Record<string, unknown>; source: string } {
  const dir = options.configDir ?? env.LAMBDA_TASK_ROOT ?? process.cwd();
  const file = readRawConfigSync(env.FEEDWRIGHT_CONFIG_FILE?.trim() || undefined, dir);
  if (file && json !== undefined) {
    throw new ConfigError(`FEEDWRIGHT_CONFIG is set and ${file.source} exists: keep the settings in the file only`, 'FEEDWRIGHT_CONFIG');
  }
  return file ?? { raw: parseConfigJson(json), source: 'FEEDWRIGHT_CONFIG' };
}

/**
 * Reads `FEEDWRIGHT_*` from `env`: input, output and (optional) state locations and a base URL that
 * overrides `site.baseUrl` (deployment facts, known only to the stack); every other setting comes from
 * the config file. Locations are decided and checked by `resolveSiteLocations`, as in the CLI.
 */
export function buildDeps(env: Env, options: BuildDepsOptions = {}): FunctionDeps {
  const fileOrJson = rawConfig(env, env.FEEDWRIGHT_CONFIG?.trim() || undefined, options);
  // Which locations the environment gave, so that a refusal names FEEDWRIGHT_OUT rather than the config.
  const setting = (name: 'FEEDWRIGHT_INPUT' | 'FEEDWRIGHT_OUT' | 'FEEDWRIGHT_STATE') => (env[name]?.trim() ? name : undefined);
  const from = { input: setting('FEEDWRIGHT_INPUT'), out: setting('FEEDWRIGHT_OUT'), state: setting('FEEDWRIGHT_STATE') };
  if (options.locationsFromConfig) {
    const configured = parseConfig(fileOrJson.raw, fileOrJson.source);
    env = { ...env, FEEDWRIGHT_INPUT: env.FEEDWRIGHT_INPUT || configured.input, FEEDWRIGHT_OUT: env.FEEDWRIGHT_OUT || configured.out };
  }
  const parsed = FunctionEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`environment: invalid function settings\n${z.prettifyError(parsed.error)}`, 'environment');
  }
  const settings = parsed.data;
  const raw = fileOrJson.raw;
  const site = isRecord(raw.site) ? raw.site : {};
  const config = parseConfig(
    {
      ...raw,
      input: settings.FEEDWRIGHT_INPUT,
      out: settings.FEEDWRIGHT_OUT,
      ...(settings.FEEDWRIGHT_STATE ? { state: settings.FEEDWRIGHT_STATE } : {}),
      site: settings.FEEDWRIGHT_BASE_URL ? { ...site, baseUrl: settings.FEEDWRIGHT_BASE_URL } : raw.site,
    },
    fileOrJson.source,
  );
  // FEEDWRIGHT_STATE is merged into the config above, so this is the CLI's precedence (env > config > default).
  const { state } = resolveSiteLocations({ ...config, from });
  const needsS3 = [config.input, config.out, state].some((location) => /^s3:\/\//i.test(location.trim()));
  const s3Client = options.s3Client ?? (needsS3 ? loadS3Client(env) : undefined);
  const inputOptions: InputStoreOptions = { s3Client, mustExist: true, readOnly: true };
  return {
    config,
    input: createStore(config.input, env, inputOptions),
    output: createStore(config.out, env, { s3Client }),
    state: createStore(state, env, { s3Client }),
    clock: options.clock ?? systemClock,
    log: options.log ?? createJsonLogger(),
    ...(config.feed.hub ? { hub: createFetchHubClient() } : {}),
    ...contentInMemoryFrom(env),
    readOnlyStores: () => ({ output: createStore(config.out, env, { s3Client, readOnly: true }), state: createStore(state, env, { s3Client, readOnly: true }) }),
  };
}

function parseConfigJson(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`FEEDWRIGHT_CONFIG: not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`, 'FEEDWRIGHT_CONFIG', { cause });
  }
  if (!isRecord(value)) throw new ConfigError('FEEDWRIGHT_CONFIG: expected a JSON object', 'FEEDWRIGHT_CONFIG');
  // As for a JSON config file: JSON.parse keeps the last of two equal keys without a word.
  const duplicate = duplicateJsonKey(text);
  if (duplicate !== undefined) throw new ConfigError(`FEEDWRIGHT_CONFIG: duplicate key "${duplicate}" (each key may be given once)`, 'FEEDWRIGHT_CONFIG');
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The deps a run uses: for a dry run, the output and state opened read-only (when the deps can). */
export function depsForRun<Deps extends FunctionDeps>(deps: Deps, dryRun: boolean | undefined): Deps {
  return dryRun && deps.readOnlyStores ? { ...deps, ...deps.readOnlyStores() } : deps;
}

let coldStart: FunctionDeps | undefined;

/**
 * The deployed handlers' deps: built on first use and kept for the life of the execution environment, so the
 * S3 client (and its connection pool) is reused across invocations. A bad environment fails every invocation
 * loudly rather than being cached.
 */
export function coldStartDeps(): FunctionDeps {
  coldStart ??= buildDeps(process.env);
  return coldStart;
}
