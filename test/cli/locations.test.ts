import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
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
  it.each([
    ['--state inside --out', ['--out', 'out', '--state', 'out/private'], {}, ''],
    ['FEEDWRIGHT_STATE inside the output', [], { FEEDWRIGHT_STATE: 'out/x' }, ''],
    ['config state inside the output', [], {}, 'state: out/cfgstate\n'],
    ['--state . (holding the output)', ['--state', '.'], {}, ''],
    ['--state .. (holding the output)', ['--state', '..'], {}, ''],
    ['--state in (the input)', ['--state', 'in'], {}, ''],
    ['an S3 state inside the S3 output', ['--out', 's3://feeds/site/', '--state', 's3://feeds/site/subs/'], {}, ''],
  ])('subscribers add and mail serve refuse %s (exit 2), writing nothing', async (_name, flags, env, config) => {
    const dir = await project(config);
    const before = await files(resolve(dir, '..'));
    const build = await cli(['build', ...flags], dir, env);
    expectRefused(build, 'build', /overlaps/);
    expectRefused(await cli(['subscribers', 'add', 'daily', 'alice@example.com', ...flags], dir, env), 'subscribers', /overlaps/);
    expectRefused(await cli(['subscribers', 'list', 'daily', ...flags], dir, env), 'subscribers', /overlaps/);
    expectRefused(await cli(['mail', 'serve', '--port', '0', ...flags], dir, env), 'mail', /overlaps/);
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

describe('a location that looks like a URL', () => {
  // `--out s3:/feeds/t1/` published into the local folder ./s3:/feeds/t1/ and exited 0.
  it.each([
    ['s3:/feeds/t1/', /s3:\/feeds\/t1\/: not an S3 location: write s3:\/\/bucket\/prefix\//],
    ['S3:/feeds/t1/', /not an S3 location/],
    ['s3:feeds', /not an S3 location/],
    ['https://news.example/', /not URLs: publish to a folder or s3:\/\/bucket\/prefix\/ and serve that at the URL/],
  ])('--out %s is a location mistake (exit 2) and creates no folder', async (out, message) => {
    const dir = await project();
    const before = await readdir(dir);
    expectRefused(await cli(['build', '--out', out, '--skip-digests'], dir), 'build', message);
    expect(await readdir(dir)).toEqual(before);
  });

  it('publishes to file:///absolute/path as to that folder', async () => {
    const dir = await project();
    const build = await cli(['build', '--out', `file://${join(dir, 'www')}`, '--skip-digests', '--quiet'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(await files(join(dir, 'www'))).toContain('feed.xml');
    expect(await files(join(dir, '.feedwright-state', 'www'))).toContain('state.json');
  });
});
