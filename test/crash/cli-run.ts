import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
// The bundled CLI (`node scripts/build.mjs`), what `npx feedwright` runs for users.
export const CLI = path.join(root, 'dist/cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd ?? root, env: { ...process.env, ...options.env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A working folder with `input/` (holding `files`), `public/`, `state/` and a config file; digests off unless given. */
export async function workspace(files: Record<string, string>, config: object = { digests: [] }): Promise<{
  dir: string;
  input: string;
  out: string;
  state: string;
  config: string;
  build(extra?: string[], paths?: { input?: string; out?: string; state?: string }): Promise<CliResult>;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fw-guards-'));
  const input = path.join(dir, 'input');
  const out = path.join(dir, 'public');
  const state = path.join(dir, 'state');
  const configFile = path.join(dir, 'feedwright.config.json');
  await writeFile(configFile, JSON.stringify({ site: { baseUrl: 'https://news.example/' }, ...config }));
  await writeFiles(input, files);
  return {
    dir,
    input,
    out,
    state,
    config: configFile,
    build: (extra = [], paths = {}) =>
      cli(['build', '--input', paths.input ?? input, '--out', paths.out ?? out, '--state', paths.state ?? state, '--config', configFile, ...extra], { cwd: dir }),
  };
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, body] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), body);
  }
}

export async function copyFolder(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
}

/** No stack trace reaches the user: Node prints frames as lines starting with four spaces and `at `. */
export function hasStackTrace(text: string): boolean {
  return /^ {4}at /m.test(text);
}
