import { readFile } from 'node:fs/promises';
import { CORE_SCHEMA, load as parseYaml } from 'js-yaml';
import { type Config, ConfigError, parseConfig } from './config.js';

export const DEFAULT_CONFIG_FILES = ['feedwright.config.yaml', 'feedwright.config.yml', 'feedwright.config.json'];

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError(`${path}: cannot be read`, path, { cause: error });
  }
}

/**
 * Loads the config file named by `--config`, else the first default file present, else the defaults.
 * A named file that is missing is an error; a missing default file is not.
 */
export async function loadConfigFile(explicitPath?: string, cwd = process.cwd()): Promise<{ config: Config; source: string }> {
  const candidates = explicitPath ? [explicitPath] : DEFAULT_CONFIG_FILES.map((f) => `${cwd}/${f}`);
  for (const path of candidates) {
    const text = await readIfExists(path);
    if (text === null) {
      if (explicitPath) throw new ConfigError(`${path}: config file not found`, path);
      continue;
    }
    let raw: unknown;
    try {
      raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { schema: CORE_SCHEMA, filename: path });
    } catch (cause) {
      throw new ConfigError(`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(cause as Error).message}`, path, { cause });
    }
    return { config: parseConfig(raw ?? {}, path), source: path };
  }
  return { config: parseConfig({}, 'defaults'), source: 'defaults' };
}
