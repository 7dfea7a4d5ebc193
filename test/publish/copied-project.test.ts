import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createLocalStore } from '../../src/storage/index.js';

// A project copied with `cp -a` (a backup restored, a checkout moved to another disk) keeps every file's
// bytes and modification time but not its inode, so no version token the state recorded still matches.
const config = parseConfig({ site: { title: 'Copied', baseUrl: 'https://copied.example/' } });
const article = (n: number) => `---\ntitle: Story ${n}\ndate: 2026-01-0${n}\n---\n\nStory ${n} opens here. A second sentence adds detail.\n`;

let base = '';
afterEach(async () => {
  if (base) await rm(base, { recursive: true, force: true });
});

const project = (root: string) => ({
  input: createLocalStore(path.join(root, 'articles')),
  output: createLocalStore(path.join(root, 'public')),
  state: createLocalStore(path.join(root, '.feedwright-state')),
});
const run = (root: string, now: string) => publishSite({ config, ...project(root), clock: fixedClock(now), log: silentLogger }, {});

describe('a project copied with new inodes', () => {
  it('rewrites no output file whose bytes are already right, and still rewrites one edited by hand', async () => {
    base = await mkdtemp(path.join(tmpdir(), 'fw-copied-'));
    const original = path.join(base, 'a');
    for (const n of [1, 2, 3]) await project(original).input.write(`s${n}.md`, article(n), { contentType: 'text/markdown', cacheControl: '' });
    const first = await run(original, '2026-02-01T00:00:00Z');
    expect(first.written).toContain('feed.xml');

    const copy = path.join(base, 'b');
    execFileSync('cp', ['-a', original, copy]);
    // Same size, other bytes: an edit the copy must not keep.
    const edited = path.join(copy, 'public', 'atom.xml');
    const atom = await readFile(edited, 'utf8');
    await writeFile(edited, atom.replace('Story 1', 'Stori 1'));
    const files = first.written.filter((key) => key !== 'atom.xml');
    const before = new Map(await Promise.all(files.map(async (key) => [key, await stat(path.join(copy, 'public', key))] as const)));

    const second = await run(copy, '2026-02-01T01:00:00Z');
    expect(second.written).toEqual(['atom.xml']);
    expect(await readFile(edited, 'utf8')).toBe(atom);
    for (const [key, was] of before) {
      const now = await stat(path.join(copy, 'public', key));
      expect({ key, ino: now.ino, mtime: now.mtimeMs }).toEqual({ key, ino: was.ino, mtime: was.mtimeMs });
    }
    // The copy's state now records the copy's tokens: the next run changes nothing.
    expect((await run(copy, '2026-02-01T02:00:00Z')).written).toEqual([]);
  });
});
