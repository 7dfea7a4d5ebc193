import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import { duplicateJsonKey } from '../../src/config/json-duplicate-key.js';
import { loadConfigFile, readRawConfigSync } from '../../src/config/load-config-file.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function folder(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fw-config-file-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function refusal(load: () => Promise<unknown>): Promise<string> {
  const error = await load().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).exitCode).toBe(2);
  return (error as ConfigError).message;
}

describe('finding the config file', () => {
  it('refuses a config name that is a broken symbolic link, naming it and its target, instead of using the defaults', async () => {
    const dir = await folder();
    await symlink('../shared/feedwright.config.yaml', join(dir, 'feedwright.config.yaml'));
    const message = await refusal(() => loadConfigFile(undefined, dir));
    expect(message).toBe(`${join(dir, 'feedwright.config.yaml')}: a symbolic link to ../shared/feedwright.config.yaml, which does not exist`);
    // The Lambda handlers find the file through the same function.
    expect(() => readRawConfigSync(undefined, dir)).toThrow(/feedwright\.config\.yaml: a symbolic link/);
  });

  it('refuses two config files side by side, naming both, and reads the one --config names', async () => {
    const dir = await folder({ 'feedwright.config.yaml': 'site: { title: A }\n', 'feedwright.config.yml': 'site: { title: B }\n' });
    const message = await refusal(() => loadConfigFile(undefined, dir));
    expect(message).toBe(`${join(dir, 'feedwright.config.yaml')} and ${join(dir, 'feedwright.config.yml')} both exist: keep one config file, or name one with --config`);
    expect((await loadConfigFile(join(dir, 'feedwright.config.yml'), dir)).config.site.title).toBe('B');
  });

  it('refuses a file that is not .yaml, .yml or .json instead of reading it as YAML', async () => {
    const dir = await folder({ 'c.toml': '[site]\ntitle = "T"\n' });
    const path = join(dir, 'c.toml');
    expect(await refusal(() => loadConfigFile(path, dir))).toBe(`${path}: a config file must end in .yaml, .yml or .json`);
  });
});

describe('a config that is not a regular file', () => {
  // Through the CLI in a child process: in this process, opening a FIFO would block the test worker for good.
  const cliPath = resolve(import.meta.dirname, '../../dist/cli.js');
  const build = (args: string[], cwd: string) =>
    new Promise<{ code: number; stderr: string }>((done) => {
      execFile(process.execPath, [cliPath, 'build', ...args], { cwd, timeout: 15_000, env: { ...process.env, NO_COLOR: '1' } }, (error, _out, stderr) => {
        done({ code: error ? Number((error as { code?: number }).code ?? -1) : 0, stderr });
      });
    });

  it('refuses a FIFO by its default name, by --config or through a link, without opening it (it waited for a writer forever)', async () => {
    const dir = await folder();
    execFileSync('mkfifo', [join(dir, 'feedwright.config.yaml'), join(dir, 'p.yaml')]);
    // A link is followed: what it leads to is what would be opened.
    await symlink('p.yaml', join(dir, 'link.yaml'));
    for (const [args, name] of [[[], 'feedwright.config.yaml'], [['--config', 'p.yaml'], 'p.yaml'], [['--config', 'link.yaml'], 'link.yaml']] as const) {
      const result = await build([...args], dir);
      expect(result.stderr).toMatch(new RegExp(`^feedwright build: .*${name.replace('.', '\\.')}: is a named pipe \\(FIFO\\), not a regular file`));
      expect(result.stderr).toMatch(/code: invalid-config/);
      expect(result.code).toBe(2);
    }
  }, 40_000);
});

describe('JSON config files', () => {
  it('refuse a key given twice, naming where it is', async () => {
    const dir = await folder({
      'top.json': '{"site": {"title": "A"}, "site": {"title": "B"}}',
      'deep.json': '{"digests": [{"id": "a", "schedule": {"every": "day", "at": "07:00", "at": "08:00"}}]}',
    });
    expect(await refusal(() => loadConfigFile(join(dir, 'top.json'), dir))).toBe(`${join(dir, 'top.json')}: duplicate key "site" (each key may be given once)`);
    expect(await refusal(() => loadConfigFile(join(dir, 'deep.json'), dir))).toMatch(/: duplicate key "digests\[0\]\.schedule\.at"/);
  });
});

describe('duplicateJsonKey', () => {
  it('compares keys as JSON.parse reads them and is not fooled by brackets or quotes inside strings', () => {
    expect(duplicateJsonKey('{"a": 1, "\\u0061": 2}')).toBe('a');
    expect(duplicateJsonKey('{"a": "x\\",\\"a\\": {[", "b": {"a": 1}}')).toBeUndefined();
    expect(duplicateJsonKey('{"a": [{"k": 1}, {"k": 2}], "b": {"k": [1, {"k": 3, "k": 4}]}}')).toBe('b.k[1].k');
    expect(duplicateJsonKey('[1, "a", {"x": {}, "y": []}]')).toBeUndefined();
  });
});
