import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CORE_SCHEMA, load as parseYaml } from 'js-yaml';
import { type Config, ConfigError, parseConfig } from './config.js';

export const DEFAULT_CONFIG_FILES = ['feedwright.config.yaml', 'feedwright.config.yml', 'feedwright.config.json'];

export interface LoadedConfig {
  config: Config;
  /** The file read, or `defaults` when there was none. */
  source: string;
}

function missing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (missing(error)) return null;
    throw new ConfigError(`${path}: cannot be read`, path, { cause: error });
  }
}

function readIfExistsSync(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (missing(error)) return null;
    throw new ConfigError(`${path}: cannot be read`, path, { cause: error });
  }
}

/** The raw (unchecked) object of a config file's text: YAML, or JSON for `.json`. */
export function parseConfigText(text: string, path: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { schema: CORE_SCHEMA, filename: path });
  } catch (cause) {
    throw new ConfigError(`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(cause as Error).message}`, path, { cause });
  }
  raw ??= {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${path}: expected a mapping of settings`, path);
  return raw as Record<string, unknown>;
}

function candidates(explicitPath: string | undefined, dir: string): string[] {
  return explicitPath ? [explicitPath] : DEFAULT_CONFIG_FILES.map((f) => join(dir, f));
}

/**
 * The raw settings of the config file named by `explicitPath`, else of the first default file in `dir`,
 * else undefined. Synchronous for the Lambda handlers' cold start; a named file that is missing is an error.
 */
export function readRawConfigSync(explicitPath: string | undefined, dir: string): { raw: Record<string, unknown>; source: string } | undefined {
  for (const path of candidates(explicitPath, dir)) {
    const text = readIfExistsSync(path);
    if (text === null) {
      if (explicitPath) throw new ConfigError(`${path}: config file not found`, path);
      continue;
    }
    return { raw: parseConfigText(text, path), source: path };
  }
  return undefined;
}

/**
 * Loads the config file named by `--config`, else the first default file present, else the defaults.
 * A named file that is missing is an error; a missing default file is not.
 */
export async function loadConfigFile(explicitPath?: string, cwd = process.cwd()): Promise<LoadedConfig> {
  for (const path of candidates(explicitPath, cwd)) {
    const text = await readIfExists(path);
    if (text === null) {
      if (explicitPath) throw new ConfigError(`${path}: config file not found`, path);
      continue;
    }
    return { config: parseConfig(parseConfigText(text, path), path), source: path };
  }
  return { config: parseConfig({}, 'defaults'), source: 'defaults' };
}
