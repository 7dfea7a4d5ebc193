import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
// The bundled CLI: what users run (rebuild with `node scripts/build.mjs`).
export const cliPath = join(root, 'dist/cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI to its end (for commands that exit on their own: init, build, a refused serve). A serve
 * that starts instead of refusing is stopped (SIGTERM) after `timeoutMs`, so the test fails, not hangs.
 */
export function cli(args: string[], cwd: string, timeoutMs = 10_000): Promise<CliResult> {
  return new Promise((done) => {
    const env = { ...process.env, FEEDWRIGHT_DEBUG: '' };
    execFile(process.execPath, [cliPath, ...args], { cwd, env, timeout: timeoutMs }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `fw-serve-${prefix}-`));
}

export interface RunningPreview {
  child: ChildProcess;
  /** The served folder and address, from the "serving … at …" line. */
  folder: string;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
}

/** Starts `feedwright serve` and resolves once it prints its address (rejects if it exits first). */
export function startServe(args: string[], cwd: string): Promise<RunningPreview> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', ...args], { cwd, env: { ...process.env, FEEDWRIGHT_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((done) => child.on('exit', (code, signal) => done(code ?? signal ?? 'unknown')));
  return new Promise((resolveStart, reject) => {
    const check = () => {
      const match = /^serving (\S+) at (http:\/\/127\.0\.0\.1:\d+\/)/m.exec(out);
      if (!match) return;
      child.stdout?.off('data', check);
      resolveStart({ child, folder: match[1] as string, url: match[2] as string, stdout: () => out, stderr: () => err, exited });
    };
    child.stdout?.on('data', check);
    void exited.then((code) => reject(new Error(`serve exited (${code}) before serving: ${err}`)));
  });
}

/** Polls `probe` until it returns true (a rebuild is asynchronous and debounced). */
export async function eventually(probe: () => Promise<boolean> | boolean, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A Markdown article the preview tests add and look for. */
export const servedArticle = (title: string) => `---\ntitle: ${title}\ndate: 2026-01-02T00:00:00Z\n---\nA paragraph about ${title}.\n`;

/** The page at `path` of a running preview, or '' when it is not served. */
export async function servedPage(url: string, path = ''): Promise<string> {
  const response = await fetch(new URL(path, url));
  return response.ok ? response.text() : '';
}

/** A new folder with `feedwright init` done in it. */
export async function initProject(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  const init = await cli(['init', '.'], dir);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return dir;
}
