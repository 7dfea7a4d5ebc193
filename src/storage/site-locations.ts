import { type Stats, statSync } from 'node:fs';
import path from 'node:path';
import { fsErrorCode } from './fs-error-code.js';
import { assertSeparateLocations, defaultStateLocation, parseLocation } from './location.js';
import type { Env } from './s3-client.js';
import { realPathOf } from './real-path.js';
import { LocationError } from './store.js';

export interface SiteLocations {
  input: string;
  out: string;
  state: string;
}

/** What a command line says; absent keys fall through to the environment, then the config. */
export interface LocationChoices {
  input?: string | undefined;
  out?: string | undefined;
  state?: string | undefined;
}

/** The configured locations (`state` optional: it has a default). */
export interface ConfiguredLocations {
  input: string;
  out: string;
  state?: string | undefined;
}

/**
 * The one place every command and handler decides where input, output and state are, and checks them
 * before anything is opened. Each is the first given of: the flag, the environment (`FEEDWRIGHT_STATE`
 * only: input and output have no variable outside the functions, which merge theirs into the config),
 * the config; the state then defaults to {@link defaultStateLocation}. Refused, with nothing created:
 * an output or state that is an existing file (it would be written through as a folder), and any two of
 * the three that overlap (the output is served, so state inside it would publish subscriber addresses;
 * a run must never write where its inputs live).
 */
export function resolveSiteLocations(configured: ConfiguredLocations, choices: LocationChoices = {}, env: Env = {}): SiteLocations {
  const input = choices.input ?? configured.input;
  const out = choices.out ?? configured.out;
  const state = choices.state ?? fromEnv(env.FEEDWRIGHT_STATE) ?? configured.state ?? defaultStateLocation(out);
  assertFolderLocation(out, 'output');
  assertFolderLocation(state, 'state');
  assertNotInsideSite(out);
  assertSeparateLocations(input, out);
  assertSeparateLocations(state, out);
  assertSeparateLocations(state, input);
  return { input, out, state };
}

// An exported but empty variable (`FEEDWRIGHT_STATE=`) means "not set", as it does for most tools.
function fromEnv(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * A local location must be a folder or not exist yet. Checked on the nearest part that exists, so
 * `notes.txt/site` is refused as well as `notes.txt`: either would fail at the first write (ENOTDIR)
 * after the state folder beside it was already made.
 */
function assertFolderLocation(location: string, role: 'output' | 'state'): void {
  const parsed = parseLocation(location);
  if (parsed.kind !== 'local') return;
  let current = path.resolve(parsed.dir);
  for (;;) {
    let stats: Stats | undefined;
    try {
      stats = statSync(current);
    } catch (cause) {
      const code = fsErrorCode(cause);
      // Anything but "not there" (no permission, a loop) is for the store to report when it opens it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return;
    }
    if (stats !== undefined) {
      if (stats.isDirectory()) return;
      const what = current === path.resolve(parsed.dir) ? 'is a file' : `is inside ${current}, which is a file`;
      throw new LocationError(`${location}: the ${role} location ${what}, not a folder`, { path: location });
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/**
 * A local output inside a folder that a Feedwright state (in its default place) records as its output: a
 * typo such as `--out public/articles`. Its default state would sit inside the published site, served
 * with it, and the two sites' runs would delete each other's pages.
 */
function assertNotInsideSite(out: string): void {
  const parsed = parseLocation(out);
  if (parsed.kind !== 'local') return;
  // As given and as real paths: `live/articles` with `live` a link to `public` is inside `public`, and a
  // site published as `srv/current` (a link) keeps its state beside the link.
  for (const absolute of new Set([path.resolve(parsed.dir), realPathOf(parsed.dir)])) assertNoSiteAbove(out, absolute);
}

function assertNoSiteAbove(out: string, absolute: string): void {
  for (let site = path.dirname(absolute); path.dirname(site) !== site; site = path.dirname(site)) {
    const siteState = path.join(path.dirname(site), '.feedwright-state', path.basename(site));
    if (!['state.json', 'output-claim.json'].some((name) => isFile(path.join(siteState, name)))) continue;
    throw new LocationError(
      `${out}: the output is inside ${site}, a site Feedwright publishes (its state is ${siteState}): its state would be published with that site, and the two sites' runs would delete each other's pages; choose an output outside it`,
      { path: out },
    );
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
