import { type Stats, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { fsErrorCode } from './fs-error-code.js';
import { findEnclosing, publishedSiteEvidence, stateFolderEvidence } from './feedwright-folders.js';
import { defaultStateLocation, parseLocation, S3_STATE_PREFIX } from './location.js';
import type { Env } from './s3-client.js';
import { assertSeparateLocations, describeLocation, type LocationRole, type NamedLocation } from './separate-locations.js';
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
  /**
   * The setting a configured value came from when it is not the config file (the functions merge their
   * FEEDWRIGHT_INPUT / FEEDWRIGHT_OUT / FEEDWRIGHT_STATE into the config), so refusals can name it.
   */
  from?: { input?: string | undefined; out?: string | undefined; state?: string | undefined } | undefined;
}

/**
 * The one place every command and handler decides where input, output and state are, and checks them
 * before anything is opened. Each is the first given of: the flag, the environment (`FEEDWRIGHT_STATE`
 * only: input and output have no variable outside the functions, which merge theirs into the config),
 * the config; the state then defaults to {@link defaultStateLocation}. Refused, with nothing created and
 * naming each location's role and where it was given:
 * - an output or state that is an existing file (it would be written through as a folder), or a symbolic
 *   link to nowhere (the first page would fail after the state was made);
 * - any two of the three that overlap (the output is served, so state inside it would publish subscriber
 *   addresses; a run must never write where its inputs live);
 * - an input that is (or is inside) a site Feedwright publishes: `--input public --out articles` wrote the
 *   site among the article sources, and the next run published robots.txt as an article;
 * - a state inside a site Feedwright publishes, even another one than this run's (it would be served);
 * - an output inside another Feedwright site, or inside a Feedwright state (it would publish that state).
 */
export function resolveSiteLocations(configured: ConfiguredLocations, choices: LocationChoices = {}, env: Env = {}): SiteLocations {
  const input = chosen('input', choices.input, '--input', configured.input, configured.from?.input, 'input');
  const out = chosen('output', choices.out, '--out', configured.out, configured.from?.out, 'out');
  const state = chosenState(configured, choices, env, out.location);
  assertFolderLocation(out.location, 'output');
  assertFolderLocation(state.location, 'state');
  assertSeparateLocations(out, input);
  assertSeparateLocations(state, out);
  assertSeparateLocations(state, input);
  assertInputNotASite(input, out);
  assertNotInsideSite(out);
  assertStateNotInSite(state);
  assertOutputNotInState(out);
  return { input: input.location, out: out.location, state: state.location };
}

function chosen(role: LocationRole, flagValue: string | undefined, flag: string, configured: string, setting: string | undefined, key: string): NamedLocation {
  return flagValue !== undefined ? { role, location: flagValue, from: `${flag} ${flagValue}` } : fromConfig(role, configured, setting, key);
}

function fromConfig(role: LocationRole, location: string, setting: string | undefined, key: string): NamedLocation {
  return { role, location, from: setting ? `${setting}=${location}` : `${key}: ${location} in the config` };
}

function chosenState(configured: ConfiguredLocations, choices: LocationChoices, env: Env, out: string): NamedLocation {
  const fromEnv = nonEmpty(env.FEEDWRIGHT_STATE);
  if (choices.state !== undefined) return { role: 'state', location: choices.state, from: `--state ${choices.state}` };
  if (fromEnv !== undefined) return { role: 'state', location: fromEnv, from: `FEEDWRIGHT_STATE=${fromEnv}` };
  if (configured.state !== undefined) return fromConfig('state', configured.state, configured.from?.state, 'state');
  const location = defaultStateLocation(out);
  return { role: 'state', location, from: `default: ${location}, beside the output` };
}

// An exported but empty variable (`FEEDWRIGHT_STATE=`) means "not set", as it does for most tools.
function nonEmpty(value: string | undefined): string | undefined {
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
      assertNotDanglingLink(location, role, current, current === path.resolve(parsed.dir));
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
 * A missing part of a location that is a symbolic link to nowhere: the run would make its state, then fail
 * at the first page (mkdir through the link: ENOENT, exit 3) with `output-claim.json` already written.
 */
function assertNotDanglingLink(location: string, role: 'output' | 'state', current: string, whole: boolean): void {
  let target: string;
  try {
    target = readlinkSync(current);
  } catch {
    return;
  }
  const what = whole ? 'is a symbolic link' : `is inside ${current}, a symbolic link`;
  throw new LocationError(`${location}: the ${role} location ${what} to ${target}, which does not exist: create its target or choose another folder`, { path: location });
}

/**
 * An input that is a published Feedwright site (or lies in one): the flags were most likely swapped.
 * Reading it publishes the site's own pages and feeds as articles (`User-agent: *` became an item), and
 * after such a swapped run the article folder is a site too, so the next plain run is refused here as
 * well instead of publishing the junk. A Feedwright output holds nothing but what Feedwright wrote, so no
 * real article source is ever refused by this.
 */
function assertInputNotASite(input: NamedLocation, out: NamedLocation): void {
  const parsed = parseLocation(input.location);
  if (parsed.kind !== 'local') return;
  const site = findEnclosing(parsed.dir, true, publishedSiteEvidence);
  if (site === undefined) return;
  const where = site.folder === path.resolve(parsed.dir) ? 'is' : `is inside ${site.folder}, which is`;
  throw new LocationError(
    `${describeLocation(input)} ${where} a site Feedwright publishes (${site.evidence}), not article sources: are --input and --out swapped? The site is written to ${describeLocation(out)}. If that folder does hold your articles, a run wrote a site into it: delete the files it wrote (index.html, feed.xml, …) and that site's state`,
    { path: input.location },
  );
}

/**
 * A local output inside a folder that is a Feedwright site: a typo such as `--out public/articles`. Its
 * default state would sit inside the published site, served with it, and the two sites' runs would delete
 * each other's pages.
 */
function assertNotInsideSite(out: NamedLocation): void {
  const parsed = parseLocation(out.location);
  if (parsed.kind !== 'local') return;
  const site = findEnclosing(parsed.dir, false, publishedSiteEvidence);
  if (site === undefined) return;
  throw new LocationError(
    `${describeLocation(out)} is inside ${site.folder}, a site Feedwright publishes (${site.evidence}): its state would be published with that site, and the two sites' runs would delete each other's pages; choose an output outside it`,
    { path: out.location },
  );
}

/** State in (or equal to) any Feedwright site's folder is served with it: `--state site/st3` published shards and claims. */
function assertStateNotInSite(state: NamedLocation): void {
  const parsed = parseLocation(state.location);
  if (parsed.kind !== 'local') return;
  const site = findEnclosing(parsed.dir, true, publishedSiteEvidence);
  if (site === undefined) return;
  const where = site.folder === path.resolve(parsed.dir) ? 'is' : `is inside ${site.folder}, which is`;
  throw new LocationError(
    `${describeLocation(state)} ${where} a site Feedwright publishes (${site.evidence}): the state is private and would be published with it; keep it outside every published folder`,
    { path: state.location },
  );
}

/**
 * An output in (or equal to) a Feedwright state: `--out .feedwright-state/site` published that state's
 * `state.json`, `shards/` and digest records. On S3, state defaults to the bucket's `feedwright-state/`.
 */
function assertOutputNotInState(out: NamedLocation): void {
  const parsed = parseLocation(out.location);
  if (parsed.kind === 's3') {
    if (!parsed.prefix.startsWith(`${S3_STATE_PREFIX}/`)) return;
    throw new LocationError(
      `${describeLocation(out)} is inside s3://${parsed.bucket}/${S3_STATE_PREFIX}/, where Feedwright keeps its states: the site would publish them; choose another prefix`,
      { bucket: parsed.bucket, key: parsed.prefix },
    );
  }
  const state = findEnclosing(parsed.dir, true, stateFolderEvidence);
  if (state === undefined) return;
  const where = state.folder === path.resolve(parsed.dir) ? 'is' : `is inside ${state.folder},`;
  throw new LocationError(
    `${describeLocation(out)} ${where} a Feedwright state folder (${state.evidence}): the site would publish the state; choose an output outside it`,
    { path: out.location },
  );
}
