import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStore, objectMetaFor } from '../../src/storage/index.js';
import { describeStoreContract } from './store-contract.js';

const roots: string[] = [];
async function makeRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'feedwright-local-'));
  roots.push(root);
  return root;
}
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

describeStoreContract('local folder', { create: async () => createLocalStore(await makeRoot()) });

describe('createLocalStore', () => {
  it('lists a root folder that does not exist yet as empty', async () => {
    const store = createLocalStore(path.join(await makeRoot(), 'not', 'yet'));
    expect(await store.list('')).toEqual([]);
    expect(await store.read('feed.xml')).toBeNull();
  });

  it('writes real files under the root, creating folders', async () => {
    const root = await makeRoot();
    const store = createLocalStore(root);
    await store.write('digests/daily/2025-02-24.html', '<h1>x</h1>', objectMetaFor('digests/daily/2025-02-24.html'));
    expect(await readFile(path.join(root, 'digests', 'daily', '2025-02-24.html'), 'utf8')).toBe('<h1>x</h1>');
    expect(await readdir(path.join(root, 'digests', 'daily'))).toEqual(['2025-02-24.html']);
  });

  it('sees files placed in the folder by other tools', async () => {
    const root = await makeRoot();
    await mkdir(path.join(root, 'notes'), { recursive: true });
    await writeFile(path.join(root, 'notes', 'one.md'), '# One');
    expect(await createLocalStore(root).list('')).toEqual(['notes/one.md']);
  });

  it('hides temp files left by an interrupted write from list()', async () => {
    const root = await makeRoot();
    const store = createLocalStore(root);
    await store.write('feed.xml', 'ok', objectMetaFor('feed.xml'));
    await writeFile(path.join(root, 'feed.xml.abc123.feedwright-tmp'), 'half');
    expect(await store.list('')).toEqual(['feed.xml']);
  });

  it('never lets a reader see a partly written file while it is being replaced', async () => {
    const store = createLocalStore(await makeRoot());
    const versions = ['a', 'b', 'c', 'd'].map((c) => c.repeat(4 * 1024 * 1024));
    await store.write('feed.xml', versions[0] ?? '', objectMetaFor('feed.xml'));
    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (writing) {
        const bytes = await store.read('feed.xml');
        const body = Buffer.from(bytes ?? []).toString('utf8');
        // A torn read would be shorter than 4 MiB or mix two letters.
        seen.add(body.length === versions[0]?.length && new Set(body).size === 1 ? body[0] ?? '?' : 'torn');
      }
    })();
    for (const v of versions.slice(1)) await store.write('feed.xml', v, objectMetaFor('feed.xml'));
    writing = false;
    await reader;
    expect(seen.has('torn')).toBe(false);
    expect(seen.size).toBeGreaterThan(0);
  });

  it('reports a failed write as a StorageError naming the key and file', async () => {
    const root = await makeRoot();
    await writeFile(path.join(root, 'articles'), 'a file where a folder is needed');
    const store = createLocalStore(root);
    const error = await store.write('articles/a.html', 'x', objectMetaFor('articles/a.html')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError', location: { key: 'articles/a.html' } });
    expect((error as Error).message).toContain(path.join(root, 'articles', 'a.html'));
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('refuses keys ending in its temp-file suffix, which list() would hide', async () => {
    const store = createLocalStore(await makeRoot());
    await expect(store.write('x.feedwright-tmp', 'x', objectMetaFor('x'))).rejects.toMatchObject({ name: 'StorageError' });
  });
});
