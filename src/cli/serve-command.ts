import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { systemClock } from '../clock/clock.js';
import { DEFAULT_CONFIG_FILES, loadConfigFile } from '../config/load-config-file.js';
import { type ConfiguredLocations, defaultStateLocation, parseLocation, resolveSiteLocations } from '../storage/index.js';
import { checkPreviewOutput, markPreviewOutput } from '../serve/preview-output.js';
import { serveSite } from '../serve/serve-site.js';
import type { WatchList } from '../serve/watch.js';
import { buildSite } from './build-site.js';
import { flagValue, parseFlags, stringFlag } from './flags.js';
import { commandHelp } from './help.js';
import { reportLines } from './print-report.js';
import { failureOutput } from './report-failure.js';
import { createSiteDeps } from './site-deps.js';
import { PortFlag } from './port-flag.js';
import { UsageError } from './usage-error.js';


// SIGHUP is a closed terminal: left to its default, it ended the process before the temp folder was removed.
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Resolves `requested` on the first stop signal or `abort`, and gives the signals back to their defaults
 * (so does `dispose`): a second Ctrl-C still ends a preview that is slow to close.
 */
function stopRequest(abort?: AbortSignal): { requested: Promise<void>; dispose(): void } {
  let done = () => {};
  const requested = new Promise<void>((resolve) => (done = resolve));
  const onStop = () => {
    dispose();
    done();
  };
  const dispose = () => {
    for (const name of STOP_SIGNALS) process.off(name, onStop);
    abort?.removeEventListener('abort', onStop);
  };
  for (const name of STOP_SIGNALS) process.on(name, onStop);
  abort?.addEventListener('abort', onStop);
  return { requested, dispose };
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  // Best effort: a machine without a browser still serves; the URL is printed either way.
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}

function localFolder(location: string, flag: string): string {
  const parsed = parseLocation(location);
  if (parsed.kind !== 'local') throw new UsageError(`${flag}: serve needs a local folder to watch and serve (got ${location})`);
  return resolve(parsed.dir);
}

/**
 * `feedwright serve`: build with the base URL set to the local address, serve on 127.0.0.1, rebuild on
 * input or config changes and reload open pages. Runs until interrupted (Ctrl-C).
 */
export async function runServe(args: string[], signal?: AbortSignal): Promise<number> {
  const { values, positionals, help } = parseFlags('serve', args, {
    port: { type: 'string', short: 'p' },
    input: { type: 'string' },
    out: { type: 'string' },
    config: { type: 'string' },
    open: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  }, 1);
  if (help) return (console.log(commandHelp('serve')), 0);
  if (positionals[0] !== undefined && values.input !== undefined) throw new UsageError('give the input folder once: as an argument or with --input');
  const port = values.port === undefined ? 4000 : flagValue(PortFlag, values.port, '--port');
  const configPath = stringFlag(values, 'config');
  const inputFlag = positionals[0] ?? stringFlag(values, 'input');
  const first = await loadConfigFile(configPath);
  // Listening from before the temp folder exists: a signal during the first build ended the process with
  // the folder left behind (and the address line was printed a moment before the listeners were added).
  const stop = stopRequest(signal);
  let tempRoot: string | undefined;
  try {
    tempRoot = await mkdtemp(join(tmpdir(), 'feedwright-serve-'));
    // The preview never touches the configured output: a temporary folder unless --out names one.
    const outFlag = stringFlag(values, 'out');
    const out = outFlag ?? join(tempRoot, 'site');
    const outDir = localFolder(out, '--out');
    // Its own state, temporary even with --out: a configured `state` describes the real output, and the
    // default one beside --out is what a real build of that folder uses (and what shows there was one).
    const locationFlags = { ...(inputFlag ? { input: inputFlag } : {}), out, state: join(tempRoot, 'state') };
    const previewLocations = (config: ConfiguredLocations) => resolveSiteLocations(config, locationFlags);
    const firstLocations = previewLocations(first.config);
    const inputDir = localFolder(firstLocations.input, '--input');
    if (outFlag !== undefined) await checkPreviewOutput(outFlag, defaultStateLocation(outFlag));
    let marked: Promise<void> | undefined;
    const quiet = values.quiet === true;
    const say = (line: string) => {
      if (!quiet) console.log(line);
    };

    const configFiles = first.source === 'defaults' ? DEFAULT_CONFIG_FILES.map((f) => join(process.cwd(), f)) : [resolve(first.source)];
    const build = async (baseUrl: string, watch: (list: WatchList) => void) => {
      // The config is read again on every build: editing it is one of the changes serve follows.
      const { config: loaded } = await loadConfigFile(configPath);
      const config = { ...loaded, site: { ...loaded.site, baseUrl } };
      const locations = previewLocations(config);
      watch({ folders: [localFolder(locations.input, '--input')], files: configFiles });
      // Marked by the first build, not before listening: a port in use leaves no folder behind.
      await (marked ??= markPreviewOutput(outDir));
      const deps = createSiteDeps(config, locations, systemClock, { info() {}, warn() {} });
      // The output is serve's own (a temp folder, or one checked above): the preview follows the input,
      // and removing articles while editing is normal, not a mistake to guard a published site against.
      const result = await buildSite(config, deps, { allowMassDelete: true });
      for (const line of reportLines(result.publish, { input: deps.input.description, output: deps.output.description })) say(line);
    };
    const server = await serveSite({
      port,
      root: outDir,
      build,
      onBuildError: (error) => {
        for (const line of failureOutput('serve', error, process.env.FEEDWRIGHT_DEBUG === '1').lines) console.error(line);
        console.error('feedwright serve: still serving the last good build');
      },
    });
    console.log(`serving ${outDir} at ${server.url} (watching ${inputDir}; Ctrl-C to stop)`);
    if (values.open) openBrowser(server.url);

    await stop.requested;
    await server.close();
    return 0;
  } finally {
    stop.dispose();
    // Also when the preview never started (a port in use, a config error): no temp folder is left behind.
    if (tempRoot !== undefined) await rm(tempRoot, { recursive: true, force: true });
  }
}
