import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStore, objectMetaFor } from '../../src/storage/index.js';

const paths: string[] = [];
afterAll(async () => {
  await Promise.all(paths.map((p) => rm(p, { recursive: true, force: true })));
});

const PROCESSES = 4;
const ROUNDS = 300;

/**
 * Each process increments a counter file ROUNDS times with read → writeIf({ ifMatch }) and counts the
 * writes it was told succeeded. If two processes could both pass the check for one version, one of their
 * increments would be lost and the file would end lower than the sum of successes. In one process the
 * store's system calls never interleave, hence separate processes started together (busy-waiting on a file).
 */
const INCREMENTER = (storageModule: string) => `
import { existsSync } from 'node:fs';
import { createLocalStore } from ${JSON.stringify(storageModule)};
const [root, go] = process.argv.slice(2);
const store = createLocalStore(root);
const meta = { contentType: 'text/plain', cacheControl: 'no-store' };
process.stdout.write('ready\\n');
while (!existsSync(go));
let won = 0;
for (let i = 0; i < ${ROUNDS}; i++) {
  const current = await store.readVersioned('counter.txt');
  const value = Number(new TextDecoder().decode(current.bytes));
  if (await store.writeIf('counter.txt', String(value + 1), meta, { ifMatch: current.version })) won++;
}
process.stdout.write(String(won) + '\\n');
`;

describe('local conditional writes from several processes at once', () => {
  it('never lets two writers replace the same version: no increment is lost', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'feedwright-cas-'));
    const script = `${root}-incrementer.mts`;
    const go = `${root}-go`;
    paths.push(root, script, go);
    await writeFile(script, INCREMENTER(fileURLToPath(new URL('../../src/storage/index.ts', import.meta.url))));
    const store = createLocalStore(root);
    await store.write('counter.txt', '0', objectMetaFor('counter.txt'));

    const children = Array.from({ length: PROCESSES }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, root, go], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8');
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          if (out.includes('ready\n')) resolve();
        }),
      );
      const done = new Promise<number>((resolve, reject) =>
        child.on('exit', (code) => (code === 0 ? resolve(Number(out.replace('ready\n', '').trim())) : reject(new Error(`exit ${code}`)))),
      );
      return { ready, done };
    });
    await Promise.all(children.map((c) => c.ready));
    await writeFile(go, '');
    const wins = await Promise.all(children.map((c) => c.done));

    const total = wins.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    expect(new TextDecoder().decode((await store.read('counter.txt')) ?? undefined)).toBe(String(total));
    // No lock or temp file left behind.
    expect(await readdir(root)).toEqual(['counter.txt']);
  });
});
