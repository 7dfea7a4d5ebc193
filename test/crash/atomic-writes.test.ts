import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from './child-runner.js';

/** Whole, or not there: `<size:letter>` + size letters + `END`. */
function problem(name: string, text: string): string | null {
  const header = /^<(\d+):([A-Z])>/.exec(text);
  if (!header) return `${name}: ${text.length} bytes without a header`;
  const size = Number(header[1]);
  const whole = text.length === header[0].length + size + 3 && text.endsWith('END');
  return whole ? null : `${name}: partial (${text.length} bytes, header says ${size})`;
}

let writer: string;
let dir: string;
beforeAll(async () => {
  writer = await bundleChild('atomic-writer');
  dir = await mkdtemp(path.join(tmpdir(), 'fw-atomic-'));
});
afterAll(async () => {
  await rm(path.dirname(writer), { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

describe('writes are atomic for a reader in another process', () => {
  it('a reader never sees a partial object, for rewrites and first writes alike', async () => {
    const proc = spawn(process.execPath, [writer, dir, '40'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let finished = false;
    const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => ((finished = true), resolve(code))));
    const problems = new Set<string>();
    // Only the names a subscriber asks for: a temp file next to its target is how a rename-based write works.
    const published = (name: string) => name === 'feed.xml' || /^new\/\d+\.xml$/.test(name);
    let reads = 0;
    while (!finished) {
      const files = [
        ...readdirSync(dir).filter((f) => f !== 'new'),
        ...(() => {
          try {
            return readdirSync(path.join(dir, 'new')).map((f) => `new/${f}`);
          } catch {
            return [];
          }
        })(),
      ];
      for (const name of files.filter(published)) {
        let text: string;
        try {
          text = readFileSync(path.join(dir, name), 'utf8');
        } catch {
          continue; // renamed away between the listing and the read
        }
        reads += 1;
        const found = problem(name, text);
        if (found) problems.add(found);
      }
      await yieldToEvents();
    }
    expect(await exited).toBe(0);
    expect(reads).toBeGreaterThan(20);
    expect([...problems].slice(0, 10)).toEqual([]);
  }, 120_000);
});

describe.skipIf(!existsSync('/usr/bin/strace'))('a writer killed inside a write system call (strace)', () => {
  it('leaves every published name whole or absent, first writes included', async () => {
    const failures: string[] = [];
    let killed = 0;
    for (const when of [1, 2, 3, 4, 6, 9]) {
      const target = path.join(dir, `kill-${when}`);
      await mkdir(target, { recursive: true });
      const proc = spawn('strace', ['-f', '-qq', '-o', '/dev/null', '-e', `inject=write,pwrite64:signal=SIGKILL:when=${when}`, process.execPath, writer, target, '6'], {
        stdio: 'ignore',
      });
      const signal = await new Promise<string | null>((resolve) => proc.on('close', (code, sig) => resolve(sig ?? (code === 137 ? 'SIGKILL' : null))));
      if (signal === 'SIGKILL') killed += 1;
      const names = [...readdirSync(target), ...(existsSync(path.join(target, 'new')) ? readdirSync(path.join(target, 'new')).map((f) => `new/${f}`) : [])];
      for (const name of names.filter((n) => n === 'feed.xml' || /^new\/\d+\.xml$/.test(n))) {
        const found = problem(`write #${when}: ${name}`, readFileSync(path.join(target, name), 'utf8'));
        if (found) failures.push(found);
      }
    }
    expect(killed).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  }, 120_000);
});
