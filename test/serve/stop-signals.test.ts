import { existsSync } from 'node:fs';
import { readdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, startServe, tempDir } from './serve-process.js';

const previews = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('feedwright-serve-'));

describe('serve stops cleanly', () => {
  // SIGHUP (the terminal closed) once ended the process by default and left /tmp/feedwright-serve-* behind.
  it.each(['SIGHUP', 'SIGINT', 'SIGTERM'] as const)('on %s: exits 0 and removes its temporary folder', async (signal) => {
    const dir = await tempDir('signal');
    expect((await cli(['init', '.'], dir)).code).toBe(0);
    const preview = await startServe(['-q'], dir);
    const tempRoot = dirname(preview.folder);
    expect(basename(tempRoot)).toMatch(/^feedwright-serve-/);
    expect(existsSync(preview.folder)).toBe(true);
    preview.child.kill(signal);
    expect(await preview.exited).toBe(0);
    expect(existsSync(tempRoot)).toBe(false);
  }, 20_000);

  // The first build watched the input before it failed, and the open watcher kept the process running.
  it('exits 2 at once when the first build fails, and removes its temporary folder', async () => {
    const dir = await tempDir('first-build');
    expect((await cli(['init', '.'], dir)).code).toBe(0);
    await rename(join(dir, 'articles'), join(dir, 'elsewhere'));
    const before = await previews();
    const result = await cli(['serve', '--port', '0'], dir, 5000);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^feedwright serve: articles: folder does not exist/);
    expect(await previews()).toEqual(before);
  }, 20_000);
});
