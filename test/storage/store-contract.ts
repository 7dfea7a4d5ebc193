import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/storage/index.js';
import { objectMetaFor } from '../../src/storage/index.js';

export interface ContractFixture {
  /** A fresh, empty store for each test. */
  create(): Promise<Store>;
  /** Called once after all tests of the suite. */
  teardown?(): Promise<void>;
  /**
   * False for a store whose server ignores conditional headers (s3rver): the tests that a refused
   * condition returns false are skipped for it; everything else about `writeIf` still runs.
   */
  enforcesConditions?: boolean;
}

const text = (bytes: Uint8Array | null) => (bytes === null ? null : new TextDecoder().decode(bytes));
const meta = (key: string) => objectMetaFor(key);

/** The behaviour every Store adapter promises; registered once per adapter. */
export function describeStoreContract(name: string, fixture: ContractFixture): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await fixture.create();
    });
    afterAll(async () => {
      await fixture.teardown?.();
    });

    it('lists versions that change when bytes change and stay when nothing is written', async () => {
      await store.write('a/one.md', 'first', meta('a/one.md'));
      await store.write('a/two.md', 'second', meta('a/two.md'));
      await store.write('b/three.md', 'third', meta('b/three.md'));
      const before = await store.listVersions('a/');
      expect([...before.keys()]).toEqual(['a/one.md', 'a/two.md']);
      expect(await store.listVersions('a/')).toEqual(before);
      await store.write('a/one.md', 'first, edited', meta('a/one.md'));
      const after = await store.listVersions('a/');
      expect(after.get('a/one.md')).not.toBe(before.get('a/one.md'));
      expect(after.get('a/two.md')).toBe(before.get('a/two.md'));
    });

    it('looks keys up with the same tokens a listing shows, leaving absent keys out (where it can)', async () => {
      if (!store.versionsOfKeys) return;
      await store.write('a/one.md', 'first', meta('a/one.md'));
      await store.write('b/deep/two.md', 'second', meta('b/deep/two.md'));
      const listed = await store.listVersions('');
      const looked = await store.versionsOfKeys(['a/one.md', 'b/deep/two.md', 'a/missing.md', 'missing/x.md']);
      expect([...looked]).toEqual([...listed]);
      await store.write('a/one.md', 'changed', meta('a/one.md'));
      expect((await store.versionsOfKeys(['a/one.md'])).get('a/one.md')).toBe((await store.listVersions('a/')).get('a/one.md'));
      expect((await store.versionsOfKeys(['a/one.md'])).get('a/one.md')).not.toBe(looked.get('a/one.md'));
    });

    it('reads a missing key as null', async () => {
      expect(await store.read('nothing/here.html')).toBeNull();
    });

    it('lists an empty store as []', async () => {
      expect(await store.list('')).toEqual([]);
      expect(await store.list('articles/')).toEqual([]);
    });

    it('round-trips a string body as UTF-8 bytes', async () => {
      await store.write('index.html', '<p>Café — ✓</p>', meta('index.html'));
      const bytes = await store.read('index.html');
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(text(bytes)).toBe('<p>Café — ✓</p>');
      expect(bytes?.length).toBe(Buffer.byteLength('<p>Café — ✓</p>', 'utf8'));
    });

    it('round-trips binary bytes exactly, including bytes that are not UTF-8', async () => {
      const body = new Uint8Array(256).map((_, i) => 255 - i);
      await store.write('blob.bin', body, meta('blob.bin'));
      expect(Array.from((await store.read('blob.bin')) ?? [])).toEqual(Array.from(body));
    });

    it('stores an empty body as empty bytes, not as missing', async () => {
      await store.write('empty.txt', '', meta('empty.txt'));
      const bytes = await store.read('empty.txt');
      expect(bytes).not.toBeNull();
      expect(bytes?.length).toBe(0);
      expect(await store.list('')).toEqual(['empty.txt']);
    });

    it('is not affected by the caller reusing its buffer after a write', async () => {
      const body = new TextEncoder().encode('first');
      await store.write('a.txt', body, meta('a.txt'));
      body.fill(0x7a);
      expect(text(await store.read('a.txt'))).toBe('first');
    });

    it('overwrites an existing key', async () => {
      await store.write('feed.xml', 'old', meta('feed.xml'));
      await store.write('feed.xml', 'new and longer', meta('feed.xml'));
      expect(text(await store.read('feed.xml'))).toBe('new and longer');
      expect(await store.list('')).toEqual(['feed.xml']);
    });

    it('lists nested keys recursively, sorted, with "/" separators', async () => {
      const keys = ['z.txt', 'articles/b.html', 'articles/a.html', 'digests/daily/2025-02-24.html', 'a.txt'];
      for (const key of keys) await store.write(key, key, meta(key));
      expect(await store.list('')).toEqual([
        'a.txt',
        'articles/a.html',
        'articles/b.html',
        'digests/daily/2025-02-24.html',
        'z.txt',
      ]);
    });

    it('lists only keys under a prefix, folder or partial name', async () => {
      for (const key of ['art/x.html', 'articles/a.html', 'articles/sub/b.html', 'articlesx.txt', 'feed.xml']) {
        await store.write(key, key, meta(key));
      }
      expect(await store.list('articles/')).toEqual(['articles/a.html', 'articles/sub/b.html']);
      expect(await store.list('articles')).toEqual(['articles/a.html', 'articles/sub/b.html', 'articlesx.txt']);
      expect(await store.list('articles/sub/')).toEqual(['articles/sub/b.html']);
      expect(await store.list('art')).toHaveLength(4);
      expect(await store.list('missing/')).toEqual([]);
    });

    it('keeps non-ASCII and space characters in keys', async () => {
      await store.write('articles/café au lait.html', 'x', meta('articles/café au lait.html'));
      expect(await store.list('articles/')).toEqual(['articles/café au lait.html']);
      expect(text(await store.read('articles/café au lait.html'))).toBe('x');
    });

    it('deletes a key, and deleting a missing key is not an error', async () => {
      await store.write('a/b.txt', 'x', meta('a/b.txt'));
      await store.write('a/c.txt', 'y', meta('a/c.txt'));
      await store.delete('a/b.txt');
      expect(await store.read('a/b.txt')).toBeNull();
      expect(await store.list('')).toEqual(['a/c.txt']);
      await expect(store.delete('a/b.txt')).resolves.toBeUndefined();
      await expect(store.delete('never/was.txt')).resolves.toBeUndefined();
    });

    it('round-trips a body of a few megabytes', async () => {
      const body = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) % 251);
      await store.write('big.bin', body, meta('big.bin'));
      const back = await store.read('big.bin');
      expect(back?.length).toBe(body.length);
      expect(Buffer.from(back ?? []).equals(Buffer.from(body))).toBe(true);
    });

    it.each(['../escape.txt', 'a/../../b.txt', '/abs.txt', 'a//b.txt', 'a\\b.txt', 'a/./b.txt', 'dir/', ''])(
      'refuses the key %j with a StorageError on every operation',
      async (key) => {
        await expect(store.write(key, 'x', meta('x.txt'))).rejects.toMatchObject({ name: 'StorageError' });
        await expect(store.read(key)).rejects.toMatchObject({ name: 'StorageError' });
        await expect(store.delete(key)).rejects.toMatchObject({ name: 'StorageError' });
      },
    );

    it('scans the same keys and versions as listVersions, with nothing skipped in a clean store', async () => {
      for (const key of ['a.md', 'notes/b.md', 'notes/deep/c.md', 'other.md']) await store.write(key, key, meta(key));
      const scanned = await store.scan('');
      expect([...scanned.versions.keys()]).toEqual(['a.md', 'notes/b.md', 'notes/deep/c.md', 'other.md']);
      expect(scanned.versions).toEqual(await store.listVersions(''));
      expect(scanned.skipped).toEqual([]);
      expect([...(await store.scan('notes/')).versions.keys()]).toEqual(['notes/b.md', 'notes/deep/c.md']);
      expect((await store.scan('missing/')).versions.size).toBe(0);
      await expect(store.scan('../')).rejects.toMatchObject({ name: 'StorageError' });
    });

    it('reads bytes with a version that changes when the object is rewritten', async () => {
      expect(await store.readVersioned('lease.json')).toBeNull();
      await store.write('lease.json', 'one', meta('lease.json'));
      const first = await store.readVersioned('lease.json');
      expect(text(first?.bytes ?? null)).toBe('one');
      expect(first?.version).toMatch(/./);
      await store.write('lease.json', 'two', meta('lease.json'));
      const second = await store.readVersioned('lease.json');
      expect(text(second?.bytes ?? null)).toBe('two');
      expect(second?.version).not.toBe(first?.version);
      await expect(store.readVersioned('../x')).rejects.toMatchObject({ name: 'StorageError' });
    });

    it('creates with ifNoneMatch and replaces with ifMatch on the version just read', async () => {
      expect(await store.writeIf('state/lease.json', 'mine', meta('state/lease.json'), { ifNoneMatch: '*' })).toBe(true);
      expect(text(await store.read('state/lease.json'))).toBe('mine');
      const read = await store.readVersioned('state/lease.json');
      if (!read) throw new Error('lease.json vanished');
      expect(await store.writeIf('state/lease.json', 'taken over', meta('state/lease.json'), { ifMatch: read.version })).toBe(true);
      expect(text(await store.read('state/lease.json'))).toBe('taken over');
      expect(await store.list('')).toEqual(['state/lease.json']);
      await expect(store.writeIf('a/../b', 'x', meta('x'), { ifNoneMatch: '*' })).rejects.toMatchObject({ name: 'StorageError' });
    });

    it.skipIf(fixture.enforcesConditions === false)('refuses a write whose condition does not hold, leaving the object alone', async () => {
      await store.write('lease.json', 'theirs', meta('lease.json'));
      expect(await store.writeIf('lease.json', 'mine', meta('lease.json'), { ifNoneMatch: '*' })).toBe(false);
      expect(text(await store.read('lease.json'))).toBe('theirs');
      const stale = await store.readVersioned('lease.json');
      await store.write('lease.json', 'theirs, renewed', meta('lease.json'));
      expect(await store.writeIf('lease.json', 'mine', meta('lease.json'), { ifMatch: stale?.version ?? '' })).toBe(false);
      expect(text(await store.read('lease.json'))).toBe('theirs, renewed');
      const current = await store.readVersioned('lease.json');
      await store.delete('lease.json');
      expect(await store.writeIf('lease.json', 'mine', meta('lease.json'), { ifMatch: current?.version ?? '' })).toBe(false);
      expect(await store.read('lease.json')).toBeNull();
    });

    it.skipIf(fixture.enforcesConditions === false)('lets exactly one of many concurrent conditional writes win', async () => {
      const created = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.writeIf('lease.json', `writer ${i}`, meta('lease.json'), { ifNoneMatch: '*' })),
      );
      expect(created.filter(Boolean)).toHaveLength(1);
      expect(text(await store.read('lease.json'))).toBe(`writer ${created.indexOf(true)}`);
      const read = await store.readVersioned('lease.json');
      const replaced = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.writeIf('lease.json', `taker ${i}`, meta('lease.json'), { ifMatch: read?.version ?? '' })),
      );
      expect(replaced.filter(Boolean)).toHaveLength(1);
      expect(text(await store.read('lease.json'))).toBe(`taker ${replaced.indexOf(true)}`);
    });

    it('refuses list prefixes that climb out of the store', async () => {
      await expect(store.list('../')).rejects.toMatchObject({ name: 'StorageError' });
      await expect(store.list('/abs')).rejects.toMatchObject({ name: 'StorageError' });
    });
  });
}
