import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, startServe, tempDir } from './serve-process.js';

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
});
