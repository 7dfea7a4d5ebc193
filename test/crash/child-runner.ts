import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import type { ChildJob } from './publish-child.js';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Bundles the child once per test file: plain `node` on a bundle starts in a fraction of the time
 * `tsx` needs, which is what keeps a kill matrix of dozens of processes fast. The bundle sits inside
 * the project so its bare imports resolve from node_modules.
 */
export async function bundleChild(entry = 'publish-child'): Promise<string> {
  // Removed with its folder by the caller: path.dirname(bundle).
  const dir = path.join(root, 'node_modules', '.cache', 'feedwright-crash');
  await mkdir(dir, { recursive: true });
  const outdir = path.join(dir, `${entry}-${process.pid}`);
  await build({
    entryPoints: [path.join(root, `test/crash/${entry}.ts`)],
    outdir,
    outExtension: { '.js': '.mjs' },
    // Separate chunks keep the S3 SDK out of the start-up of local kill points.
    splitting: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return path.join(outdir, `${entry}.mjs`);
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startChild(bundle: string, job: ChildJob): { child: ChildProcess; done: Promise<ChildResult> } {
  const child = spawn(process.execPath, [bundle], { env: { ...process.env, FW_CHILD_JOB: JSON.stringify(job) }, cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<ChildResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runChild(bundle: string, job: ChildJob): Promise<ChildResult> {
  return startChild(bundle, job).done;
}
