import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStore, objectMetaFor } from '../../src/storage/index.js';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

const FIRST = 8 * 1024 * 1024;
const SECOND = 12 * 1024 * 1024;

/**
 * A second process reads the files in a tight loop until a stop file appears and reports every read that
 * was neither absent nor one complete version (uniform bytes, one of the two sizes). It runs on its own
 * core, so it catches a file being filled in place (O_EXCL creation shows it empty, then growing).
 */
const READER = `
const fs = require('node:fs');
const [dir, stopFile, ...names] = process.argv.slice(1);
const sizes = new Set([${FIRST}, ${SECOND}]);
const bad = [];
let reads = 0;
process.stdout.write('ready\\n');
while (!fs.existsSync(stopFile)) {
  for (const name of names) {
    let bytes;
    try { bytes = fs.readFileSync(dir + '/' + name); } catch (e) { if (e.code === 'ENOENT') continue; throw e; }
    reads++;
    const first = bytes[0], mid = bytes[bytes.length >> 1], last = bytes[bytes.length - 1];
    if (!sizes.has(bytes.length) || first !== mid || first !== last) bad.push(name + ': ' + bytes.length + ' bytes');
  }
}
process.stdout.write(JSON.stringify({ reads, bad }) + '\\n');
`;

describe('local store writes seen from a second process', () => {
  it('never shows a partial or empty file, first write included', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'feedwright-atomic-'));
    roots.push(root);
    const stopFile = path.join(root, '..', `${path.basename(root)}.stop`);
    roots.push(stopFile);
    const names = Array.from({ length: 6 }, (_, i) => `feed-${i}.xml`);
    const reader = spawn(process.execPath, ['-e', READER, root, stopFile, ...names], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    reader.stdout.setEncoding('utf8');
    const ready = new Promise<void>((resolve) => {
      reader.stdout.on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('ready\n')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => reader.on('exit', resolve));
    await ready;

    const store = createLocalStore(root);
    const meta = objectMetaFor('feed.xml');
    for (const name of names) {
      await store.write(name, Buffer.alloc(FIRST, 'a'), meta);
      await store.write(name, Buffer.alloc(SECOND, 'b'), meta);
      await store.write(name, Buffer.alloc(FIRST, 'c'), meta);
    }
    await writeFile(stopFile, '');
    expect(await exited).toBe(0);

    const report = JSON.parse(output.slice(output.indexOf('ready\n') + 'ready\n'.length)) as { reads: number; bad: string[] };
    expect(report.bad).toEqual([]);
    expect(report.reads).toBeGreaterThan(0);
  });
});
