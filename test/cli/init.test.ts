import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
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

function cli(args: string[], cwd: string, wrap: string[] = []): Promise<CliResult> {
  return new Promise((done) => {
    const [command, ...prefix] = wrap.length > 0 ? wrap : [process.execPath];
    const argv = wrap.length > 0 ? [...prefix, process.execPath, cliPath, ...args] : [cliPath, ...args];
    execFile(command as string, argv, { cwd, env: { ...process.env, FEEDWRIGHT_DEBUG: '', NO_COLOR: '1' } }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fw-init-'));
  dirs.push(dir);
  // Open to every user, so a test can run the CLI as `nobody` on a folder inside.
  await chmod(dir, 0o755);
  return dir;
}

/** Every entry under `dir`, relative, sorted. */
async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).sort();
}

/** One line on stderr naming `path`, the exit code given, and nothing on stdout. */
function expectRefused(result: CliResult, exitCode: number, message: string): void {
  // Every error line ends with its stable code.
  expect(result.stderr).toMatch(/ \(code: [a-z-]+\)\n$/);
  expect(result.stderr.replace(/ \(code: [a-z-]+\)\n$/, '\n')).toBe(`feedwright init: ${message}\n`);
  expect(result.stdout).toBe('');
  expect(result.code).toBe(exitCode);
}

function available(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const asRoot = process.getuid?.() === 0;
// Not every file system keeps the immutable flag (tmpfs may not): tried on a folder where the tests run.
const canChattr = asRoot && available('sh', ['-c', 'd=$(mktemp -d) && chattr +i "$d" && chattr -i "$d" && rmdir "$d"']);
const canSetpriv = asRoot && available('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true']);

describe('feedwright init refuses, creating nothing', () => {
  it('next to any config file name the CLI reads (.yml, .json), not only the one it writes', async () => {
    for (const name of ['feedwright.config.yml', 'feedwright.config.json']) {
      const dir = await folder();
      await writeFile(join(dir, name), 'site: { title: Mine }\n');
      expectRefused(await cli(['init'], dir), 2, `${join(dir, name)} already exists; init never overwrites (choose an empty folder: feedwright init my-site)`);
      expect(await entries(dir)).toEqual([name]);
    }
  });

  it('when its config name is a broken symbolic link: no empty articles/ is left behind', async () => {
    const dir = await folder();
    await symlink('nowhere', join(dir, 'feedwright.config.yaml'));
    expectRefused(await cli(['init'], dir), 2, `${join(dir, 'feedwright.config.yaml')} already exists; init never overwrites (choose an empty folder: feedwright init my-site)`);
    expect(await entries(dir)).toEqual(['feedwright.config.yaml']);
  });

  it('a file where a folder is needed, or a broken link as the target, is a location mistake (exit 2)', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'afile'), 'hi\n');
    expectRefused(await cli(['init', 'afile'], dir), 2, `${join(dir, 'afile')}: is a file, not a folder (init writes a site into a folder)`);
    expectRefused(await cli(['init', 'afile/sub'], dir), 2, `${join(dir, 'afile')}: is a file, not a folder (init writes a site into a folder)`);
    await mkdir(join(dir, 'site'));
    await writeFile(join(dir, 'site', 'articles'), 'not a folder\n');
    expectRefused(await cli(['init', 'site'], dir), 2, `${join(dir, 'site', 'articles')} exists and is not a folder; init never overwrites (choose an empty folder: feedwright init my-site)`);
    await symlink('gone', join(dir, 'dangling'));
    expectRefused(await cli(['init', 'dangling'], dir), 2, `${join(dir, 'dangling')}: a symbolic link to gone, which does not exist`);
    expect(await entries(dir)).toEqual(['afile', 'dangling', 'site', 'site/articles']);
  });

  it('an empty folder name (an unset variable, most likely) is a usage error, not the current folder', async () => {
    const dir = await folder();
    expectRefused(await cli(['init', ''], dir), 2, 'the folder name is empty: give one (feedwright init my-site), or none for the current folder');
    expect(await entries(dir)).toEqual([]);
  });

  it.skipIf(!canChattr)('in an immutable folder: exit 3, naming it', async () => {
    const dir = await folder();
    await mkdir(join(dir, 'locked'));
    execFileSync('chattr', ['+i', join(dir, 'locked')]);
    try {
      expectRefused(await cli(['init', 'locked'], dir), 3, `${join(dir, 'locked')}: cannot write into it (operation not permitted)`);
      expectRefused(await cli(['init', 'locked/site'], dir), 3, `${join(dir, 'locked')}: cannot write into it (operation not permitted)`);
    } finally {
      execFileSync('chattr', ['-i', join(dir, 'locked')]);
    }
    expect(await entries(dir)).toEqual(['locked']);
  });

  it.skipIf(!canSetpriv)("in someone else's folder: exit 3, naming it", async () => {
    const dir = await folder();
    await mkdir(join(dir, 'roots'), { mode: 0o755 });
    const asNobody = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
    expectRefused(await cli(['init', 'roots'], dir, asNobody), 3, `${join(dir, 'roots')}: cannot write into it (permission denied)`);
    expect(await entries(dir)).toEqual(['roots']);
  });
});

describe('feedwright init: the next step can be pasted into a shell', () => {
  it('quotes a folder with a space or a quote, keeps a leading dash from being an option, and gives no cd for here', async () => {
    const dir = await folder();
    const cases: [string[], string][] = [
      [['my site'], "cd 'my site' && "],
      [["it's"], "cd 'it'\\''s' && "],
      [['--', '-dash'], 'cd ./-dash && '],
      [['plain-name'], 'cd plain-name && '],
      [[], ''],
    ];
    for (const [args, cd] of cases) {
      const result = await cli(['init', ...args], dir);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(`next: ${cd}feedwright build   (or: feedwright serve, to preview with live reload)`);
    }
    // What the hint says works: the quoted folder is the one init wrote.
    const cdPart = "cd 'it'\\''s' && pwd";
    expect(execFileSync('sh', ['-c', cdPart], { cwd: dir, encoding: 'utf8' }).trim()).toBe(join(dir, "it's"));
    expect(await entries(join(dir, '-dash'))).toEqual(['.gitignore', 'articles', 'articles/welcome.md', 'articles/writing-articles.md', 'feedwright.config.yaml']);
  });
});
