import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lockPathFor } from '../../src/storage/local-temp.js';
import { createLocalStore, createStore, objectMetaFor } from '../../src/storage/index.js';
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
const twoMinutesAgo = () => new Date(Date.now() - 120_000);

describeStoreContract('local folder', { create: async () => createLocalStore(await makeRoot()) });

describe('createLocalStore', () => {
  it('lists a root folder that does not exist yet as empty', async () => {
    const store = createLocalStore(path.join(await makeRoot(), 'not', 'yet'));
    expect(await store.list('')).toEqual([]);
    expect((await store.scan('')).versions.size).toBe(0);
    expect(await store.read('feed.xml')).toBeNull();
  });

  it('creates a missing root (a first run) with its parents on the first write, not on a delete', async () => {
    const root = path.join(await makeRoot(), 'not', 'yet');
    const store = createLocalStore(root);
    await store.delete('feed.xml');
    expect(await store.list('')).toEqual([]);
    await store.write('feed.xml', '<rss/>', objectMetaFor('feed.xml'));
    expect(await readFile(path.join(root, 'feed.xml'), 'utf8')).toBe('<rss/>');
    const other = createLocalStore(path.join(root, '..', 'state'));
    expect(await other.writeIf('lease.json', '{}', objectMetaFor('lease.json'), { ifNoneMatch: '*' })).toBe(true);
  });

  it('writes real files under the root, creating folders, and leaves no temp file behind', async () => {
    const root = await makeRoot();
    const store = createLocalStore(root);
    await store.write('digests/daily/2025-02-24.html', '<h1>x</h1>', objectMetaFor('digests/daily/2025-02-24.html'));
    await store.write('digests/daily/2025-02-24.html', '<h1>y</h1>', objectMetaFor('digests/daily/2025-02-24.html'));
    expect(await store.writeIf('digests/daily/lease.json', '{}', objectMetaFor('x.json'), { ifNoneMatch: '*' })).toBe(true);
    expect(await readFile(path.join(root, 'digests', 'daily', '2025-02-24.html'), 'utf8')).toBe('<h1>y</h1>');
    expect((await readdir(path.join(root, 'digests', 'daily'))).sort()).toEqual(['2025-02-24.html', 'lease.json']);
  });

  it('sees files placed in the folder by other tools', async () => {
    const root = await makeRoot();
    await mkdir(path.join(root, 'notes'), { recursive: true });
    await writeFile(path.join(root, 'notes', 'one.md'), '# One');
    expect(await createLocalStore(root).list('')).toEqual(['notes/one.md']);
  });

  it('never lists temp files, and removes only those older than 60 s when listing their folder', async () => {
    const root = await makeRoot();
    const store = createLocalStore(root);
    await store.write('a/feed.xml', 'ok', objectMetaFor('feed.xml'));
    const stale = path.join(root, 'a', '.feedwright-tmp-dead0000-1');
    const fresh = path.join(root, 'a', '.feedwright-tmp-live0000-1');
    await writeFile(stale, 'half of a killed write');
    await utimes(stale, twoMinutesAgo(), twoMinutesAgo());
    await writeFile(fresh, 'a concurrent writer, mid-write');
    expect(await store.list('')).toEqual(['a/feed.xml']);
    expect((await readdir(path.join(root, 'a'))).sort()).toEqual(['.feedwright-tmp-live0000-1', 'feed.xml']);
    expect((await store.scan('')).versions.size).toBe(1);
  });

  // A dry run once deleted a dead writer's temp files: it promises to write nothing, so it removes nothing.
  it('read-only (a dry run): lists without removing stale temp files, and refuses writes and deletes', async () => {
    const root = await makeRoot();
    await createLocalStore(root).write('a/feed.xml', 'ok', objectMetaFor('feed.xml'));
    const stale = path.join(root, 'a', '.feedwright-tmp-dead0000-1');
    await writeFile(stale, 'half of a killed write');
    await utimes(stale, twoMinutesAgo(), twoMinutesAgo());
    for (const store of [createLocalStore(root, { readOnly: true }), createStore(root, {}, { readOnly: true })]) {
      expect(await store.list('')).toEqual(['a/feed.xml']);
      expect((await store.listVersions('a/')).size).toBe(1);
      expect((await store.scan('')).versions.size).toBe(1);
      expect((await readdir(path.join(root, 'a'))).sort()).toEqual(['.feedwright-tmp-dead0000-1', 'feed.xml']);
      await expect(store.write('b.xml', 'x', objectMetaFor('b.xml'))).rejects.toMatchObject({ code: 'storage', message: expect.stringMatching(/read-only/) });
      await expect(store.writeIf('b.xml', 'x', objectMetaFor('b.xml'), { ifNoneMatch: '*' })).rejects.toMatchObject({ code: 'storage' });
      await expect(store.delete('a/feed.xml')).rejects.toMatchObject({ code: 'storage' });
    }
    expect(await readFile(path.join(root, 'a', 'feed.xml'), 'utf8')).toBe('ok');
  });

  it('refuses keys with a segment in its temp-file namespace, which listings would hide', async () => {
    const store = createLocalStore(await makeRoot());
    for (const key of ['.feedwright-tmp-x', 'a/.feedwright-tmp-lock-1/b.html']) {
      await expect(store.write(key, 'x', objectMetaFor('x'))).rejects.toMatchObject({ name: 'StorageError' });
    }
    await expect(store.write('.well-known/x.txt', 'other hidden names are fine', objectMetaFor('x'))).resolves.toBeUndefined();
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
});

describe('createLocalStore with mustExist (inputs)', () => {
  it('makes every listing of a missing folder an error naming it, not an empty site', async () => {
    const missing = path.join(await makeRoot(), 'seedz');
    const store = createLocalStore(missing, { mustExist: true });
    for (const listing of [store.list(''), store.listVersions(''), store.scan('')]) {
      await expect(listing).rejects.toMatchObject({ name: 'InputLocationError', code: 'input-missing', exitCode: 2, message: expect.stringMatching(/seedz: folder does not exist/) });
    }
    await expect(createStore(missing, {}, { mustExist: true }).scan('')).rejects.toThrow(/does not exist/);
    await expect(createStore(missing, {}).scan('')).resolves.toEqual({ versions: new Map(), skipped: [] });
  });

  it('refuses a file given as the folder', async () => {
    const file = path.join(await makeRoot(), 'notes.md');
    await writeFile(file, '# not a folder');
    await expect(createLocalStore(file, { mustExist: true }).scan('')).rejects.toThrow(/is not a folder/);
  });

  it('still lists an existing folder, and a missing sub-folder of it as empty', async () => {
    const root = await makeRoot();
    await writeFile(path.join(root, 'a.md'), 'a');
    const store = createLocalStore(root, { mustExist: true });
    expect(await store.list('')).toEqual(['a.md']);
    expect(await store.list('drafts/')).toEqual([]);
  });
});

describe('createLocalStore never follows a link out of the output', () => {
  it('refuses to write or delete through a folder that is a symbolic link, naming it', async () => {
    const base = await makeRoot();
    const out = path.join(base, 'public');
    const elsewhere = path.join(base, 'elsewhere');
    await mkdir(path.join(out, 'digests'), { recursive: true });
    await mkdir(elsewhere);
    await writeFile(path.join(elsewhere, 'keep.html'), 'not ours');
    await symlink(elsewhere, path.join(out, 'articles'));
    await symlink(elsewhere, path.join(out, 'digests', 'daily'));
    const store = createLocalStore(out);
    const meta = objectMetaFor('articles/a.html');
    for (const key of ['articles/a.html', 'digests/daily/2025-02-24.html', 'articles/sub/b.html']) {
      const error = await store.write(key, 'x', meta).catch((e: unknown) => e);
      expect(error, key).toMatchObject({ name: 'StorageError', location: { key } });
      expect((error as Error).message).toMatch(/is a symbolic link/);
      await expect(store.writeIf(key, 'x', meta, { ifNoneMatch: '*' })).rejects.toMatchObject({ name: 'StorageError' });
    }
    await expect(store.delete('articles/keep.html')).rejects.toThrow(`${path.join(out, 'articles')}: is a symbolic link`);
    expect(await readdir(elsewhere)).toEqual(['keep.html']);
  });

  it('accepts a root folder that is itself a link (e.g. public → /srv/www)', async () => {
    const base = await makeRoot();
    await mkdir(path.join(base, 'www'));
    await symlink(path.join(base, 'www'), path.join(base, 'public'));
    const store = createLocalStore(path.join(base, 'public'));
    await store.write('articles/a.html', 'x', objectMetaFor('articles/a.html'));
    expect(await readFile(path.join(base, 'www', 'articles', 'a.html'), 'utf8')).toBe('x');
  });
});

describe('createLocalStore conditional replacement', () => {
  it('refuses while another writer holds the per-file lock, and breaks a lock older than 60 s', async () => {
    const root = await makeRoot();
    const store = createLocalStore(root);
    const meta = objectMetaFor('lease.json');
    await store.write('lease.json', 'old', meta);
    const version = (await store.readVersioned('lease.json'))?.version ?? '';
    const lock = lockPathFor(path.join(root, 'lease.json'));
    await writeFile(lock, '');
    expect(await store.writeIf('lease.json', 'new', meta, { ifMatch: version })).toBe(false);
    expect(await readFile(path.join(root, 'lease.json'), 'utf8')).toBe('old');
    await utimes(lock, twoMinutesAgo(), twoMinutesAgo());
    expect(await store.writeIf('lease.json', 'new', meta, { ifMatch: version })).toBe(true);
    expect(await readFile(path.join(root, 'lease.json'), 'utf8')).toBe('new');
    expect(await readdir(root)).toEqual(['lease.json']);
  });

  it('versions conditional writes by content, so a quick rewrite of the same size is still seen', async () => {
    const store = createLocalStore(await makeRoot());
    const meta = objectMetaFor('lease.json');
    await store.write('lease.json', 'aaaa', meta);
    const first = (await store.readVersioned('lease.json'))?.version ?? '';
    await store.write('lease.json', 'bbbb', meta);
    await store.write('lease.json', 'cccc', meta);
    expect(await store.writeIf('lease.json', 'dddd', meta, { ifMatch: first })).toBe(false);
    expect((await store.readVersioned('lease.json'))?.version).not.toBe(first);
  });
});

// Every folder under `root` (relative, '/'-separated), the root itself excluded.
async function foldersUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
// The folders a set of keys needs: every proper prefix of every key.
function foldersOf(keys: Iterable<string>): string[] {
  const folders = new Set<string>();
  for (const key of keys) {
    const parts = key.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return [...folders].sort();
}

describe('createLocalStore removes the folders its deletes leave empty', () => {
  it('removes a folder emptied by a delete and each parent left empty, never the root', async () => {
    const root = await makeRoot();
    const store = createLocalStore(root);
    const meta = objectMetaFor('x.html');
    for (const key of ['archive/19/index.html', 'archive/18/index.html', 'archive/index.html', 'a/b/c/d.html']) await store.write(key, 'x', meta);
    await store.delete('archive/19/index.html');
    expect(await foldersUnder(root)).toEqual(['a', 'a/b', 'a/b/c', 'archive', 'archive/18']);
    await store.delete('a/b/c/d.html');
    expect(await foldersUnder(root)).toEqual(['archive', 'archive/18']);
    await store.delete('archive/18/index.html');
    await store.delete('archive/index.html');
    expect(await foldersUnder(root)).toEqual([]);
    expect(await readdir(root)).toEqual([]);
    // The same store writes again into the folders it removed (its cache of checked folders must not lie).
    await store.write('archive/19/index.html', 'y', meta);
    expect(await readFile(path.join(root, 'archive', '19', 'index.html'), 'utf8')).toBe('y');
  });

  it('keeps a folder that holds anything else: a file of another tool, a writer’s temp file', async () => {
    const root = await makeRoot();
    const store = createLocalStore(root);
    const meta = objectMetaFor('x.html');
    await store.write('page/2/index.html', 'x', meta);
    await store.write('media/a.png', 'x', meta);
    await writeFile(path.join(root, 'page', '.htaccess'), 'Options -Indexes');
    await writeFile(lockPathFor(path.join(root, 'media', 'a.png')), '');
    await store.delete('page/2/index.html');
    await store.delete('media/a.png');
    expect(await foldersUnder(root)).toEqual(['media', 'page']);
  });

  it('lets another writer of the same folder go on after its folder was removed under it', async () => {
    // Two stores on one folder, as a run and a mail endpoint share the state folder: each caches the
    // folders it has checked, so the first would write into a folder the second has just removed.
    const root = await makeRoot();
    const first = createLocalStore(root);
    const second = createLocalStore(root);
    const meta = objectMetaFor('x.json');
    await first.write('subscribers/ab/one.json', '1', meta);
    await second.delete('subscribers/ab/one.json');
    expect(await foldersUnder(root)).toEqual([]);
    await first.write('subscribers/ab/two.json', '2', meta);
    expect(await first.writeIf('subscribers/ab/three.json', '3', meta, { ifNoneMatch: '*' })).toBe(true);
    await second.write('subscribers/cd/four.json', '4', meta);
    await first.delete('subscribers/cd/four.json');
    const version = (await second.readVersioned('subscribers/ab/two.json'))?.version ?? '';
    await first.delete('subscribers/ab/three.json');
    await first.delete('subscribers/ab/two.json');
    await second.write('subscribers/ab/two.json', '2', meta);
    expect(await second.writeIf('subscribers/ab/two.json', '5', meta, { ifMatch: version })).toBe(true);
    expect(await first.list('')).toEqual(['subscribers/ab/two.json']);
    expect(await foldersUnder(root)).toEqual(['subscribers', 'subscribers/ab']);
  });

  it('leaves exactly the folders its files need after any writes and deletes by two stores', async () => {
    const segment = fc.constantFrom('a', 'b', 'c');
    const key = fc.tuple(fc.array(segment, { maxLength: 3 }), fc.constantFrom('x.html', 'y.json')).map(([dirs, name]) => [...dirs, name].join('/'));
    const step = fc.record({ by: fc.constantFrom(0, 1), op: fc.constantFrom('write', 'writeIf', 'delete'), key });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const root = await makeRoot();
        const stores = [createLocalStore(root), createLocalStore(root)];
        const present = new Set<string>();
        for (const { by, op, key: k } of steps) {
          const store = stores[by] as (typeof stores)[number];
          if (op === 'delete') {
            await store.delete(k);
            present.delete(k);
          } else if (foldersOf(present).includes(k) || foldersOf([k]).some((f) => present.has(f))) {
            // A key that is a folder of another (or the other way round) cannot be a file here: skip it.
            continue;
          } else {
            if (op === 'write') await store.write(k, 'x', objectMetaFor(k));
            else await store.writeIf(k, 'x', objectMetaFor(k), { ifNoneMatch: '*' });
            present.add(k);
          }
          expect(await foldersUnder(root)).toEqual(foldersOf(present));
        }
        expect(await stores[0]?.list('')).toEqual([...present].sort());
      }),
      { numRuns: 60 },
    );
  });
});
