import { type Stats, lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load as parseYaml } from 'js-yaml';
import { type Config, ConfigError, parseConfig } from './config.js';
import { duplicateJsonKey } from './json-duplicate-key.js';

/** The names a config file is found by in the current folder; more than one present is an error. */
export const DEFAULT_CONFIG_FILES = ['feedwright.config.yaml', 'feedwright.config.yml', 'feedwright.config.json'];

const FORMATS: Record<string, 'YAML' | 'JSON'> = { '.yaml': 'YAML', '.yml': 'YAML', '.json': 'JSON' };

export interface LoadedConfig {
  config: Config;
  /** The file read, or `defaults` when there was none. */
  source: string;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** How a config file is parsed, from its extension; any other name is refused rather than guessed at. */
function formatOf(path: string): 'YAML' | 'JSON' {
  const extension = /\.[^./\\]*$/.exec(path)?.[0]?.toLowerCase() ?? '';
  const format = FORMATS[extension];
  if (!format) throw new ConfigError(`${path}: a config file must end in .yaml, .yml or .json`, path);
  return format;
}

/** True when something (a file, a folder, a symbolic link, even a broken one) has this name. */
function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return false;
    throw new ConfigError(`${path}: cannot be checked (${errorCode(error) ?? String(error)})`, path, { cause: error });
  }
}

/**
 * The config file names (of {@link DEFAULT_CONFIG_FILES}) that exist in `dir` as any kind of entry. A broken
 * link or a folder counts: it is the user's config gone wrong, to be reported, never skipped for defaults.
 */
export function configFilesIn(dir: string): string[] {
  return DEFAULT_CONFIG_FILES.map((name) => join(dir, name)).filter(entryExists);
}

/** Why `path`, which the user named or which exists by a config file name, could not be read. */
function unreadable(path: string, error: unknown): ConfigError {
  const code = errorCode(error);
  if (code === 'ENOENT') {
    let target: string | undefined;
    try {
      target = readlinkSync(path);
    } catch {
      // Not a link: the name itself is missing.
    }
    const message = target === undefined ? 'config file not found' : `a symbolic link to ${target}, which does not exist`;
    return new ConfigError(`${path}: ${message}`, path, { cause: error });
  }
  if (code === 'EISDIR') return new ConfigError(`${path}: is a folder, not a config file`, path, { cause: error });
  return new ConfigError(`${path}: cannot be read (${code ?? String(error)})`, path, { cause: error });
}

/**
 * Refuses a config that is not a regular file (links followed) before it is opened: reading a FIFO waits
 * for a writer that never comes, and every command hung on `mkfifo feedwright.config.yaml`.
 */
function assertRegularFile(path: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  if (stats.isFile()) return;
  if (stats.isDirectory()) throw new ConfigError(`${path}: is a folder, not a config file`, path);
  const kind = stats.isFIFO() ? 'a named pipe (FIFO)' : stats.isSocket() ? 'a socket' : 'a device';
  throw new ConfigError(`${path}: is ${kind}, not a regular file: a config must be a file of YAML or JSON`, path);
}

/** The raw (unchecked) object of a config file's text: YAML, or JSON for `.json`. */
export function parseConfigText(text: string, path: string): Record<string, unknown> {
  const format = formatOf(path);
  let raw: unknown;
  try {
    raw = format === 'JSON' ? JSON.parse(text) : parseYaml(text, { schema: CORE_SCHEMA, filename: path });
  } catch (cause) {
    throw new ConfigError(`${path}: not valid ${format}: ${(cause as Error).message}`, path, { cause });
  }
  if (format === 'JSON') {
    // YAML duplicates are rejected by js-yaml; JSON.parse would keep the last one without a word.
    const duplicate = duplicateJsonKey(text);
    if (duplicate !== undefined) throw new ConfigError(`${path}: duplicate key "${duplicate}" (each key may be given once)`, path);
  }
  raw ??= {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${path}: expected a mapping of settings`, path);
  return raw as Record<string, unknown>;
}

/**
 * The raw settings of the config file named by `explicitPath`, else of the default file in `dir`, else
 * undefined. A named file that cannot be read is an error, and so is a default name that exists but cannot
 * be read (a broken link, a folder) or two default names at once: never a silent fall-back to the defaults
 * or a silent pick. Synchronous for the Lambda handlers' cold start; the CLI reads through it too, so both
 * find and read a config by the same rules.
 */
export function readRawConfigSync(explicitPath: string | undefined, dir: string): { raw: Record<string, unknown>; source: string } | undefined {
  let path = explicitPath;
  if (path === undefined) {
    const found = configFilesIn(dir);
    if (found.length > 1) {
      throw new ConfigError(`${found.join(' and ')} ${found.length === 2 ? 'both' : 'all'} exist: keep one config file, or name one with --config`, found[0] as string);
    }
    path = found[0];
    if (path === undefined) return undefined;
  }
  formatOf(path);
  assertRegularFile(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
  }
  return { raw: parseConfigText(text, path), source: path };
}

/** Loads the config file named by `--config`, else the default file present in `cwd`, else the defaults. */
export async function loadConfigFile(explicitPath?: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const file = readRawConfigSync(explicitPath, cwd);
  if (!file) return { config: parseConfig({}, 'defaults'), source: 'defaults' };
  return { config: parseConfig(file.raw, file.source), source: file.source };
}
