import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderRelationOnDisk } from '../../src/storage/folder-identity.js';
import { resolveSiteLocations } from '../../src/storage/index.js';

let base: string;
const at = (...parts: string[]) => path.join(base, ...parts);
beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'fw-folder-identity-'));
  await mkdir(at('articles', 'posts'), { recursive: true });
  await mkdir(at('out2'));
  await symlink('articles', at('link'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('folderRelationOnDisk', () => {
  // A symbolic link is the one way to reach a folder by two paths that needs no privileges: device and
  // inode must see it as a bind mount would be seen.
  it('finds two paths to one folder the same, and a path through it inside it', () => {
    expect(folderRelationOnDisk(at('link'), at('articles'))).toBe('same');
    expect(folderRelationOnDisk(at('link', 'posts'), at('articles'))).toBe('inside');
    expect(folderRelationOnDisk(at('articles'), at('link', 'posts'))).toBe('holds');
  });

  it('compares folders that do not exist yet by the names below their nearest existing folder', () => {
    expect(folderRelationOnDisk(at('link', 'new', 'x'), at('articles', 'new'))).toBe('inside');
    expect(folderRelationOnDisk(at('link', 'new'), at('articles', 'new'))).toBe('same');
    expect(folderRelationOnDisk(at('link', 'new2'), at('articles', 'new'))).toBeUndefined();
    expect(folderRelationOnDisk(at('out2'), at('articles'))).toBeUndefined();
    expect(folderRelationOnDisk(at('articles2'), at('articles'))).toBeUndefined();
  });
});

describe('locations that meet through a bind mount', () => {
  // Real paths do not see a bind mount: both writes below exited 0.
  it('refuses an output bound onto the input, and a state inside a binding of the output', async (context) => {
    await mkdir(at('in2b'));
    await mkdir(at('out2b'));
    const mounted: string[] = [];
    try {
      try {
        execFileSync('mount', ['--bind', at('articles'), at('in2b')], { stdio: 'pipe' });
        mounted.push(at('in2b'));
        execFileSync('mount', ['--bind', at('out2'), at('out2b')], { stdio: 'pipe' });
        mounted.push(at('out2b'));
      } catch (error) {
        context.skip(`mount --bind is not permitted here: ${String((error as Error).message).split('\n')[0]}`);
      }
      expect(() => resolveSiteLocations({ input: at('articles'), out: at('in2b') })).toThrowError(
        expect.objectContaining({ code: 'invalid-location', message: expect.stringMatching(/the output \(out: .*in2b in the config\) and the input \(input: .*articles in the config\) are the same folder \(compared by device and inode/) }),
      );
      expect(() => resolveSiteLocations({ input: at('articles'), out: at('out2'), state: at('out2b', 'private') })).toThrowError(
        expect.objectContaining({ code: 'invalid-location', message: expect.stringMatching(/the state \(state: .*out2b\/private in the config\) is inside the output/) }),
      );
      // A folder beside the binding is not in it.
      expect(resolveSiteLocations({ input: at('articles'), out: at('out2'), state: at('state') }).state).toBe(at('state'));
    } finally {
      for (const target of mounted.reverse()) execFileSync('umount', [target]);
    }
  });
});
