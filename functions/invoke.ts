import { type Env, foldersNotYetMade, removeEmptyFolders, resolveSiteLocations } from '../src/storage/index.js';
import { buildDeps, type BuildDepsOptions, type FunctionDeps } from './deps.js';
import { invalidAnswer } from './envelope.js';
import { ValidationError } from './errors.js';
import { createJsonLogger } from './log.js';
import { createDigestHandler } from './digest.js';
import { createPublishHandler } from './publish.js';
import { createRunHandler } from './run.js';

export const FUNCTION_NAMES = ['publish', 'digest', 'run'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface InvokeOptions extends BuildDepsOptions {
  /** Defaults to `process.env`; without `FEEDWRIGHT_INPUT` / `FEEDWRIGHT_OUT`, the config's `input` / `out`. */
  env?: Env;
}

/**
 * Runs a deployed handler's code locally (`feedwright invoke <function> --data '<json>'`): same event
 * parsing and logging, with deps given or built from the env, local folders by default. A refused event
 * is answered as `run` answers it (`{ ok: false, error: 'ValidationError', code, message }`), also for the
 * scheduled handlers, which fail the deployed invocation instead: by hand, the caller is the one to tell.
 */
export async function invokeFunction(
  name: FunctionName,
  payload: unknown,
  deps?: FunctionDeps,
  options: InvokeOptions = {},
): Promise<unknown> {
  let built: FunctionDeps | undefined = deps;
  // Built here from the settings: the local output and state folders this run may create (see below).
  let newFolders: string[] = [];
  const getDeps = () => {
    if (built !== undefined) return built;
    const env = options.env ?? process.env;
    // The same config file as `feedwright build`, so a local invoke and a build write the same site.
    built = buildDeps(env, { locationsFromConfig: true, ...options });
    // buildDeps merged FEEDWRIGHT_STATE into the config, so this decides the state it opened.
    const { out, state } = resolveSiteLocations(built.config);
    newFolders = foldersNotYetMade([out, state]);
    return built;
  };
  const log = deps?.log ?? options.log ?? createJsonLogger();
  const handler = {
    publish: () => createPublishHandler(getDeps, log),
    digest: () => createDigestHandler(getDeps, log),
    run: () => createRunHandler(getDeps, log),
  }[name]();
  try {
    return await handler(payload);
  } catch (error) {
    // As `feedwright build`: a refused or failed first run leaves no folder behind (the lease's state folder).
    await removeEmptyFolders(newFolders);
    if (error instanceof ValidationError) return invalidAnswer(error);
    throw error;
  }
}
