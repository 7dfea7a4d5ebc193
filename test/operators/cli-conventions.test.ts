import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closest } from '../../src/cli/suggest.js';

const root = resolve(import.meta.dirname, '../..');
const cliPath = join(root, 'dist/cli.js');

function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, FEEDWRIGHT_DEBUG: '', NO_COLOR: '1' } }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fw-conv-'));
  for (const [name, body] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), body);
  }
  return dir;
}

const article = (title: string, date: string) => `---\ntitle: ${title}\ndate: ${date}\n---\n\nThe first sentence is here. Another one follows it.\n`;

describe('CLI conventions', () => {
  it('suggests the closest command or flag, and nothing for a far-off word', async () => {
    expect(closest('biuld', ['init', 'build', 'serve'])).toBe('build');
    expect(closest('--dryrun', ['--dry-run', '--force'])).toBe('--dry-run');
    expect(closest('x', ['at', 'build'])).toBeUndefined();
    expect(closest('completely-different', ['build', 'digest'])).toBeUndefined();
    const dir = await project({});
    const command = await cli(['serv'], dir);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/did you mean serve\?/);
    const flag = await cli(['build', '--qiet'], dir);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown flag --qiet — did you mean --quiet\?/);
  });

  it('init refuses a folder holding one of its files and then writes nothing at all', async () => {
    const dir = await project({ 'site/.gitignore': 'mine\n' });
    const result = await cli(['init', 'site'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^feedwright init: .*\.gitignore already exists/);
    expect(existsSync(join(dir, 'site', 'feedwright.config.yaml'))).toBe(false);
    expect(existsSync(join(dir, 'site', 'articles'))).toBe(false);
  });

  it('each command has its own help with examples; the exit codes are listed', async () => {
    const dir = await project({});
    for (const command of ['init', 'build', 'serve', 'digest', 'summarize', 'invoke', 'subscribers', 'mail']) {
      const { code, stdout } = await cli([command, '--help'], dir);
      expect(code).toBe(0);
      expect(stdout).toContain(`feedwright ${command}`);
      expect(stdout).toMatch(/Examples:/);
      expect(stdout).toMatch(/^ {2}70 {2}a bug/m);
    }
    expect((await cli(['serve', '--help'], dir)).stdout).not.toContain('--allow-mass-delete');
  });

  it('builds a positional input folder, prints one JSON object with --json and nothing with --quiet', async () => {
    const dir = await project({ 'my-articles/a.md': article('Alpha', '2026-01-02T00:00:00Z'), 'my-articles/bad.json': '{' });
    const json = await cli(['build', 'my-articles', '--skip-digests', '--json'], dir);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { ok: boolean; input: string; publish: { articles: number; rejected: { path: string }[] } };
    expect(report).toMatchObject({ ok: true, input: 'my-articles', publish: { articles: 1, rejected: [{ path: 'bad.json' }] } });
    expect(existsSync(join(dir, 'public', 'articles', 'alpha.html'))).toBe(true);
    const quiet = await cli(['build', 'my-articles', '--skip-digests', '--quiet'], dir);
    expect(quiet).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect((await cli(['build', '--json', '--quiet'], dir)).code).toBe(2);
  });

  it('--dry-run lists each object it would write and delete, and writes nothing', async () => {
    const dir = await project({ 'in/a.md': article('Alpha', '2026-01-02T00:00:00Z'), 'in/b.md': article('Beta', '2026-01-03T00:00:00Z') });
    const first = await cli(['build', 'in', '--skip-digests'], dir);
    expect(first.code, first.stderr).toBe(0);
    // The count is of files in the output: the private state written beside it is not among them.
    const published = (await readdir(join(dir, 'public'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(first.stdout).toContain(`wrote ${published.length} file(s), 0 unchanged, 0 deleted in public`);
    await writeFile(join(dir, 'in/c.md'), article('Gamma', '2026-01-04T00:00:00Z'));
    const { rm } = await import('node:fs/promises');
    await rm(join(dir, 'in/a.md'));
    const dry = await cli(['build', 'in', '--skip-digests', '--dry-run'], dir);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^ {2}would write articles\/gamma\.html$/m);
    expect(dry.stdout).toMatch(/^ {2}would write feed\.xml$/m);
    expect(dry.stdout).toMatch(/^ {2}would delete articles\/alpha\.html$/m);
    expect(dry.stdout).toMatch(/^ {2}would write state\.json \(in the state\)$/m);
    expect(existsSync(join(dir, 'public', 'articles', 'gamma.html'))).toBe(false);
    expect(existsSync(join(dir, 'public', 'articles', 'alpha.html'))).toBe(true);
  });

  it('digest names each issue it wrote, and says why none was due on a re-run', async () => {
    const config = 'digests:\n  - id: daily\n    schedule: { every: day, at: "07:00" }\n    timeZone: UTC\n';
    const dir = await project({
      'feedwright.config.yaml': config,
      'in/a.md': article('Alpha', '2026-01-02T10:00:00Z'),
      'in/b.md': article('Beta', '2026-01-04T10:00:00Z'),
    });
    expect((await cli(['build', 'in', '--skip-digests', '--quiet'], dir)).code).toBe(0);
    const args = ['digest', 'daily', '--input', 'in', '--since', '2026-01-01T00:00:00Z', '--at', '2026-01-06T08:00:00Z'];
    const first = await cli(args, dir);
    expect(first.code, first.stderr).toBe(0);
    // Windows end at 07:00 UTC: Alpha in the one ending on the 3rd, Beta in the one ending on the 5th.
    expect(first.stdout).toMatch(/^digest daily: issued 2026-01-03, 2026-01-05 \(2 article\(s\)\)$/m);
    const again = await cli(args, dir);
    expect(again.stdout).toMatch(/^digest daily: no new issue at 2026-01-06T08:00:00\.000Z: /m);
    const json = JSON.parse((await cli([...args, '--json'], dir)).stdout) as { issues: string[]; written: string[] };
    expect(json.issues).toEqual([]);
  });
});
