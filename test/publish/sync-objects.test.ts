import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { syncObjects } from '../../src/publish/sync-objects.js';
import { silentLogger } from '../../src/publish/logger.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

describe('syncObjects', () => {
  it('records an object by its SHA-1 and skips one whose bytes match the recorded hash', async () => {
    const store = createMemoryStore();
    const first = await syncObjects({ store, objects: [{ key: 'a.html', body: '<p>a</p>' }], previousHashes: {}, log: silentLogger });
    expect(first.written).toEqual(['a.html']);
    expect(first.hashes['a.html']).toBe(sha1('<p>a</p>'));
    const again = await syncObjects({ store, objects: [{ key: 'a.html', body: '<p>a</p>' }], previousHashes: first.hashes, log: silentLogger });
    expect(again.written).toEqual([]);
  });

  // A state written by a release that hashed with MD5: an upgrade must not rewrite the whole site.
  it('recognises an unchanged object by a recorded MD5 and records its SHA-1 from then on', async () => {
    const store = createMemoryStore({ 'a.html': '<p>a</p>', 'b.html': '<p>b</p>' });
    const result = await syncObjects({
      store,
      objects: [
        { key: 'a.html', body: '<p>a</p>' },
        { key: 'b.html', body: '<p>b, edited</p>' },
      ],
      previousHashes: { 'a.html': md5('<p>a</p>'), 'b.html': md5('<p>b</p>') },
      log: silentLogger,
    });
    expect(result.written).toEqual(['b.html']);
    expect(result.unchanged).toBe(1);
    expect(result.hashes).toEqual({ 'a.html': sha1('<p>a</p>'), 'b.html': sha1('<p>b, edited</p>') });
  });
});
