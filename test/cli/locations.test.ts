import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// The bundled CLI (`node scripts/build.mjs`): what users run.
const cliPath = join(root, 'dist/cli.js');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

// `mail serve` that is not refused serves until killed: the timeout turns that into a failure, not a hang.
function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    const { FEEDWRIGHT_STATE: _unset, ...inherited } = process.env;
    const fullEnv = { ...inherited, FEEDWRIGHT_DEBUG: '', NO_COLOR: '1', ...env };
    execFile(process.execPath, [cliPath, ...args], { cwd, env: fullEnv, timeout: 20_000 }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const article = (title: string, date: string) => `---\ntitle: ${title}\ndate: ${date}\n---\n\nThe first sentence is here. Another one follows it.\n`;
const DIGEST = 'digests:\n  - id: daily\n    schedule: { every: day, at: "07:00" }\n    timeZone: UTC\n';

/**
 * A project folder with `in/` holding one article and a config (input `in`, output `out`, daily digest),
 * one level down in a temp folder of its own, so that `--state ..` stays inside the test's folders.
 */
async function project(extraConfig = ''): Promise<string> {
  const top = await mkdtemp(join(tmpdir(), 'fw-locations-'));
  dirs.push(top);
  const dir = join(top, 'site');
  await mkdir(join(dir, 'in'), { recursive: true });
  await writeFile(join(dir, 'in', 'a.md'), article('Alpha', '2026-01-02T10:00:00Z'));
  await writeFile(join(dir, 'feedwright.config.yaml'), `input: in\nout: out\nsite: { baseUrl: https://news.example/ }\n${DIGEST}${extraConfig}`);
  return dir;
}

/** Every file under `dir`, relative, sorted. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

function expectRefused(result: CliResult, command: string, mentions: RegExp): void {
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^feedwright ${command}: `));
  expect(lines[0]).toMatch(mentions);
  expect(result.code, result.stderr).toBe(2);
}

describe('every command that writes state checks its locations as build does', () => {
  // `subscribers add` once wrote out/private/subscribers/daily/<hash>.json, the address in clear, into the served site.
  // Each message names both roles and where each value came from (it said `out/x overlaps out`).
  it.each([
    ['--state inside --out', ['--out', 'out', '--state', 'out/private'], {}, '', 'the state (--state out/private) is inside the output (--out out)'],
    ['FEEDWRIGHT_STATE inside the output', [], { FEEDWRIGHT_STATE: 'out/x' }, '', 'the state (FEEDWRIGHT_STATE=out/x) is inside the output (out: out in the config)'],
    ['config state inside the output', [], {}, 'state: out/cfgstate\n', 'the state (state: out/cfgstate in the config) is inside the output (out: out in the config)'],
    ['--state . (holding the output)', ['--state', '.'], {}, '', 'the output (out: out in the config) is inside the state (--state .)'],
    ['--state .. (holding the output)', ['--state', '..'], {}, '', 'the output (out: out in the config) is inside the state (--state ..)'],
    ['--state in (the input)', ['--state', 'in'], {}, '', 'the state (--state in) and the input (input: in in the config) are the same folder'],
    ['an S3 state inside the S3 output', ['--out', 's3://feeds/site/', '--state', 's3://feeds/site/subs/'], {}, '', 'the state (--state s3://feeds/site/subs/) is inside the output (--out s3://feeds/site/)'],
  ])('subscribers add and mail serve refuse %s (exit 2), writing nothing', async (_name, flags, env, config, says) => {
    const dir = await project(config);
    const before = await files(resolve(dir, '..'));
    const message = new RegExp(`: ${says.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `);
    const build = await cli(['build', ...flags], dir, env);
    expectRefused(build, 'build', message);
    expectRefused(await cli(['subscribers', 'add', 'daily', 'alice@example.com', ...flags], dir, env), 'subscribers', message);
    expectRefused(await cli(['subscribers', 'list', 'daily', ...flags], dir, env), 'subscribers', message);
    expectRefused(await cli(['mail', 'serve', '--port', '0', ...flags], dir, env), 'mail', message);
    expect(await files(resolve(dir, '..'))).toEqual(before);
  });
});

describe('one state location for every command: --state, else FEEDWRIGHT_STATE, else config `state`', () => {
  const env = { FEEDWRIGHT_STATE: 'envstate', FEEDWRIGHT_EMAIL_SECRET: 'k'.repeat(48) };
  const email = 'email: { from: digest@news.example, baseUrl: https://mail.news.example/ }\n';

  // build and digest ignored FEEDWRIGHT_STATE, so `mail send` looked for their issue in another state.
  it('build, digest, subscribers and mail send all use FEEDWRIGHT_STATE over the config', async () => {
    const dir = await project(`state: cfgstate\n${email}`);
    expect((await cli(['build', '--skip-digests', '--quiet'], dir, env)).code).toBe(0);
    const digest = await cli(['digest', 'daily', '--since', '2026-01-01T00:00:00Z', '--at', '2026-01-04T08:00:00Z', '--quiet'], dir, env);
    expect(digest.code, digest.stderr).toBe(0);
    const add = await cli(['subscribers', 'add', 'daily', 'ann@example.org'], dir, env);
    expect(add.code, add.stderr).toBe(0);
    const state = await files(join(dir, 'envstate'));
    expect(state).toContain('state.json');
    expect(state).toContain('digests/daily.json');
    expect(state.filter((f) => f.startsWith('subscribers/daily/'))).toHaveLength(1);
    expect(existsSync(join(dir, 'cfgstate'))).toBe(false);
    expect(existsSync(join(dir, '.feedwright-state'))).toBe(false);
    const send = await cli(['mail', 'send', 'daily', '--dry-run'], dir, env);
    expect(send.code, send.stderr).toBe(0);
    expect(send.stdout).toContain('would send to ann@example.org');
  });

  it('--state wins over FEEDWRIGHT_STATE, for build, digest --send and subscribers alike', async () => {
    const dir = await project(email);
    const flag = ['--state', 'flagstate'];
    expect((await cli(['build', '--skip-digests', '--quiet', ...flag], dir, env)).code).toBe(0);
    const add = await cli(['subscribers', 'add', 'daily', 'ann@example.org', ...flag], dir, env);
    expect(add.code, add.stderr).toBe(0);
    // `digest --send` once refused --state after the digest had been issued with it.
    const send = await cli(['digest', 'daily', '--send', '--dry-run', '--since', '2026-01-01T00:00:00Z', '--at', '2026-01-04T08:00:00Z', ...flag], dir, env);
    expect(send.code, send.stderr).toBe(0);
    expect(send.stdout).toContain('would send to ann@example.org');
    expect(await files(join(dir, 'flagstate'))).toContain('state.json');
    expect(existsSync(join(dir, 'envstate'))).toBe(false);
  });
});

describe('an output or state that names a file', () => {
  // It exited 3 (ENOTDIR) after making an empty .feedwright-state/notes.txt/ folder.
  it.each([
    ['--out notes.txt', ['--out', 'notes.txt'], /notes\.txt: the output location is a file/],
    ['--state notes.txt', ['--state', 'notes.txt'], /notes\.txt: the state location is a file/],
    ['--out below a file', ['--out', 'notes.txt/site'], /which is a file/],
  ])('%s is a location mistake (exit 2), creating nothing', async (_name, flags, message) => {
    const dir = await project();
    await writeFile(join(dir, 'notes.txt'), 'x\n');
    const before = await files(dir);
    expectRefused(await cli(['build', ...flags], dir), 'build', message);
    expectRefused(await cli(['digest', 'daily', ...flags], dir), 'digest', message);
    expectRefused(await cli(['subscribers', 'add', 'daily', 'ann@example.org', ...flags], dir), 'subscribers', message);
    expect(await files(dir)).toEqual(before);
    expect(await readdir(dir)).toEqual(expect.not.arrayContaining(['.feedwright-state', 'out']));
  });
});

describe('an output or state that is a symbolic link to nowhere', () => {
  // It passed the checks, wrote .feedwright-state/outL/output-claim.json, then failed with exit 3 (ENOENT, mkdir outL).
  it.each([
    ['--out', ['--out', 'outL'], /outL: the output location is a symbolic link to gone-out, which does not exist/],
    ['--state', ['--state', 'stL'], /stL: the state location is a symbolic link to gone-state, which does not exist/],
    ['--out below it', ['--out', 'outL/site'], /outL\/site: the output location is inside .*outL, a symbolic link to gone-out, which does not exist/],
  ])('%s is a location mistake (exit 2), creating nothing', async (_name, flags, message) => {
    const dir = await project();
    await symlink('gone-out', join(dir, 'outL'));
    await symlink('gone-state', join(dir, 'stL'));
    const before = await readdir(dir);
    expectRefused(await cli(['build', ...flags], dir), 'build', message);
    expectRefused(await cli(['subscribers', 'add', 'daily', 'ann@example.org', ...flags], dir), 'subscribers', message);
    expect(await readdir(dir)).toEqual(before);
  });
});

describe('--dry-run writes nothing', () => {
  // A dry run's listing removed a dead writer's temp files from the output and the state.
  it('leaves a dead writer\'s stale temp files in the output, the state and the input', async () => {
    const dir = await project();
    expect((await cli(['build', '--quiet'], dir)).code).toBe(0);
    const hoursAgo = new Date(Date.now() - 3 * 3600_000);
    const temps = [join(dir, 'out', '.feedwright-tmp-deadhost-1-a'), join(dir, '.feedwright-state', 'out', '.feedwright-tmp-deadhost-1-b'), join(dir, 'in', '.feedwright-tmp-deadhost-1-c')];
    for (const file of temps) {
      await writeFile(file, 'half of a killed write');
      await utimes(file, hoursAgo, hoursAgo);
    }
    await writeFile(join(dir, 'in', 'b.md'), article('Beta', '2026-01-03T10:00:00Z'));
    const before = await files(dir);
    const dry = await cli(['build', '--dry-run'], dir);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would write articles\/beta\.html/);
    const digest = await cli(['digest', 'daily', '--dry-run', '--since', '2026-01-01T00:00:00Z', '--at', '2026-01-04T08:00:00Z'], dir);
    expect(digest.code, digest.stderr).toBe(0);
    expect(await files(dir)).toEqual(before);
    // A real run does clean the output and state up; the input is only ever read.
    expect((await cli(['build', '--quiet'], dir)).code).toBe(0);
    expect(temps.map((file) => existsSync(file))).toEqual([false, false, true]);
  });
});

describe('an input that is a published site (swapped --input and --out)', () => {
  // `build --input public --out articles` wrote index.html, feed.xml, robots.txt … among the .md sources
  // (exit 0), and the next plain build published `User-agent: *` as an article.
  it('refuses the swapped run, naming both and suggesting the flags are swapped, and writes nothing', async () => {
    const dir = await project();
    expect((await cli(['build', '--quiet'], dir)).code).toBe(0);
    const before = await files(dir);
    const swapped = await cli(['build', '--input', 'out', '--out', 'in', '--skip-digests'], dir);
    expectRefused(swapped, 'build', /^feedwright build: the input \(--input out\) is a site Feedwright publishes \(its state is .*\.feedwright-state\/out\).*are --input and --out swapped\?.*the output \(--out in\)/);
    expectRefused(await cli(['digest', 'daily', '--input', 'out', '--out', 'in'], dir), 'digest', /swapped/);
    expect(await files(dir)).toEqual(before);
  });

  it('refuses a configured input inside a site, and one known only by its feeds (state kept elsewhere)', async () => {
    const dir = await project('state: private/site-state\n');
    expect((await cli(['build', '--quiet'], dir)).code).toBe(0);
    expect(existsSync(join(dir, '.feedwright-state'))).toBe(false);
    const before = await files(dir);
    expectRefused(await cli(['build', '--input', 'out/articles', '--out', 'www', '--state', 'st'], dir), 'build', /the input \(--input out\/articles\) is inside .*out, which is a site Feedwright publishes \(it holds the site feeds Feedwright writes: feed\.xml, atom\.xml, feed\.json\)/);
    expect(await files(dir)).toEqual(before);
  });

  it('reads a source folder that holds feed templates of the same names (a Jekyll site)', async () => {
    const dir = await project();
    for (const name of ['feed.xml', 'atom.xml', 'feed.json']) await writeFile(join(dir, 'in', name), '---\nlayout: null\n---\n<generator>Jekyll</generator>\n');
    const build = await cli(['build', '--skip-digests'], dir);
    expect(build.code, build.stderr).toBe(0);
  });
});

describe('an input that holds a published site', () => {
  // `build --input . --out /tmp/x` in the project folder read out/index.html, out/robots.txt and the site's
  // pages as articles (9 read, 4 rejected) and exited 0.
  it('is refused by build, the publish function and a dry run, naming the site folder and suggesting the articles folder', async () => {
    const dir = await project();
    expect((await cli(['build', '--quiet'], dir)).code).toBe(0);
    const before = await files(resolve(dir, '..'));
    const says = /^feedwright (build|invoke): \.\/out\/ inside the input \. is a site Feedwright publishes \(it holds feed\.xml, atom\.xml, feed\.json written by Feedwright\): its pages and feeds would be published as articles; give the input the folder of your articles \(\.\/in\?\) instead/;
    expectRefused(await cli(['build', '--input', '.', '--out', '../x', '--skip-digests'], dir), 'build', says);
    expectRefused(await cli(['build', '--input', '.', '--out', '../x', '--dry-run'], dir), 'build', says);
    expect(existsSync(resolve(dir, '..', '.feedwright-state'))).toBe(false);
    // The function lists the input under its lease (its reads go out together), so it refuses after that.
    const invoke = await cli(['invoke', 'publish'], dir, { FEEDWRIGHT_INPUT: '.', FEEDWRIGHT_OUT: '../x' });
    expect(invoke.stderr.split('\n').filter((l) => l.startsWith('feedwright invoke:'))[0]).toMatch(says);
    expect(invoke.code).toBe(2);
    expect(await files(resolve(dir, '..'))).toEqual(before);
    expect(existsSync(resolve(dir, '..', 'x'))).toBe(false);
  });
});

describe('state is never inside a published site, and a site never inside a state', () => {
  // `--state site/st3` wrote state.json, shards/, output-claim.json … into the published site/st3/ (exit 0).
  it.each([
    ['--state inside another site', ['--out', 'site3', '--state', 'out/st3'], /the state \(--state out\/st3\) is inside .*\/out, which is a site Feedwright publishes/, {}],
    ['--state that is another site', ['--out', 'site2', '--state', 'out'], /the state \(--state out\) is a site Feedwright publishes \(its state is /, {}],
    ['--state inside a link to a site', ['--out', 'site3', '--state', 'live/st3'], /the state \(--state live\/st3\) is inside .*\/(out|live), which is a site Feedwright publishes/, {}],
    ['FEEDWRIGHT_STATE inside a site', ['--out', 'site4'], /the state \(FEEDWRIGHT_STATE=out\/x\) is inside/, { FEEDWRIGHT_STATE: 'out/x' }],
    // `--out .feedwright-state/out` published that state's state.json, shards/ and digests/daily.json.
    ['--out into a state', ['--out', '.feedwright-state/out'], /the output \(--out \.feedwright-state\/out\) is a Feedwright state folder \(it holds output-claim\.json\)/, {}],
    ['--out inside .feedwright-state', ['--out', '.feedwright-state/new'], /the output \(--out \.feedwright-state\/new\) is inside .*\.feedwright-state, a Feedwright state folder/, {}],
    ['--out into the S3 state prefix', ['--out', 's3://feeds/feedwright-state/site/'], /is inside s3:\/\/feeds\/feedwright-state\/, where Feedwright keeps its states/, {}],
  ])('refuses %s (exit 2), writing nothing', async (_name, flags, message, env: Record<string, string>) => {
    const dir = await project();
    expect((await cli(['build', '--quiet'], dir)).code).toBe(0);
    await symlink('out', join(dir, 'live'));
    const before = await files(dir);
    expectRefused(await cli(['build', ...flags, '--skip-digests'], dir, env), 'build', message);
    expectRefused(await cli(['subscribers', 'add', 'daily', 'ann@example.org', ...flags], dir, env), 'subscribers', message);
    expect(await files(dir)).toEqual(before);
    expect(await readdir(dir)).toEqual(expect.not.arrayContaining(['site2', 'site3', 'site4']));
  });

  it('refuses an output into a configured state folder (state.json beside shards/)', async () => {
    const dir = await project('state: private\n');
    expect((await cli(['build', '--quiet'], dir)).code).toBe(0);
    const before = await files(dir);
    expectRefused(await cli(['build', '--out', 'private/www', '--state', 'st2'], dir), 'build', /the output \(--out private\/www\) is inside .*private, a Feedwright state folder \(it holds (output-claim\.json|state\.json and shards\/)\)/);
    expect(await files(dir)).toEqual(before);
  });

  it('still publishes a second site beside the first, with its own state', async () => {
    const dir = await project();
    expect((await cli(['build', '--quiet'], dir)).code).toBe(0);
    const second = await cli(['build', '--out', 'out2', '--skip-digests', '--quiet'], dir);
    expect(second.code, second.stderr).toBe(0);
    expect(await files(join(dir, '.feedwright-state', 'out2'))).toContain('state.json');
  });
});

describe('a location that looks like a URL', () => {
  // `--out s3:/feeds/t1/` published into the local folder ./s3:/feeds/t1/ and exited 0.
  it.each([
    ['s3:/feeds/t1/', /s3:\/feeds\/t1\/: not an S3 location: write s3:\/\/bucket\/prefix\//],
    ['S3:/feeds/t1/', /not an S3 location/],
    ['s3:feeds', /not an S3 location/],
    ['https://news.example/', /not URLs: publish to a folder or s3:\/\/bucket\/prefix\/ and serve that at the URL/],
    // These wrote into ./https:/example.org/blog/ and ./http:example.org/ (exit 0).
    ['https:/example.org/blog', /https:\/example\.org\/blog: Feedwright reads and writes folders and S3 prefixes, not URLs/],
    ['http:example.org', /http:example\.org: .*not URLs/],
    ['C:\\site', /C:\\site: a Windows drive path: Feedwright runs with POSIX paths here/],
    ['c:/site', /c:\/site: a Windows drive path/],
  ])('--out %s is a location mistake (exit 2) and creates no folder', async (out, message) => {
    const dir = await project();
    const before = await readdir(dir);
    expectRefused(await cli(['build', '--out', out, '--skip-digests'], dir), 'build', message);
    expect(await readdir(dir)).toEqual(before);
  });

  // `subscribers add … --out https:/x/` wrote the subscriber record (an address) under ./https:/x/; serve
  // --out and the functions' FEEDWRIGHT_OUT (run here through `invoke`) took the same typo as a folder.
  it('refuses a mistyped URL from subscribers, serve --out and FEEDWRIGHT_OUT alike, creating nothing', async () => {
    const dir = await project();
    const before = await readdir(dir);
    const says = /https:\/x\/: Feedwright reads and writes folders and S3 prefixes, not URLs/;
    expectRefused(await cli(['subscribers', 'add', 'daily', 'ann@example.org', '--out', 'https:/x/'], dir), 'subscribers', says);
    expectRefused(await cli(['serve', '--port', '0', '--out', 'https:/x/'], dir), 'serve', says);
    const invoke = await cli(['invoke', 'publish'], dir, { FEEDWRIGHT_OUT: 'https:/x/' });
    expect(invoke.stderr).toMatch(new RegExp(`^feedwright invoke: ${says.source}`, 'm'));
    expect(invoke.code).toBe(2);
    expect(await readdir(dir)).toEqual(before);
  });

  it('keeps a colon later in a path as part of a folder name', async () => {
    const dir = await project();
    const build = await cli(['build', '--out', 'sites/a:b', '--skip-digests', '--quiet'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(await files(join(dir, 'sites', 'a:b'))).toContain('feed.xml');
  });

  it('publishes to file:///absolute/path as to that folder', async () => {
    const dir = await project();
    const build = await cli(['build', '--out', `file://${join(dir, 'www')}`, '--skip-digests', '--quiet'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(await files(join(dir, 'www'))).toContain('feed.xml');
    expect(await files(join(dir, '.feedwright-state', 'www'))).toContain('state.json');
  });
});
