import { createHash } from 'node:crypto';
import fc from 'fast-check';
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

  // The recorded hash is what later runs compare against: it must be the hash of the bytes the store
  // holds, whatever the text (astral characters, lone surrogates, which UTF-8 writes as U+FFFD).
  it('records the SHA-1 of the very bytes it writes, for any text, and writes its UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(
          fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('\ud800', '\udfff', 'a\udc00', '\u0000')), { maxLength: 4 }).map((parts) => parts.join('')),
          { minLength: 1, maxLength: 5 },
        ), async (texts) => {
        const store = createMemoryStore();
        const objects = texts.map((body, i) => ({ key: `o${i}.html`, body: i % 2 === 0 ? body : () => body }));
        const result = await syncObjects({ store, objects, previousHashes: {}, log: silentLogger });
        for (const [i, text] of texts.entries()) {
          const stored = await store.read(`o${i}.html`);
          expect(Buffer.from(stored ?? []).equals(Buffer.from(new TextEncoder().encode(text)))).toBe(true);
          expect(result.hashes[`o${i}.html`]).toBe(createHash('sha1').update(stored ?? new Uint8Array()).digest('hex'));
        }
      }),
      { numRuns: 200 },
    );
  });

  // Texts are encoded side by side into memory reused batch after batch (256 objects a batch, 8 MB): every
  // object of every batch, one larger than that memory and many that overflow it, must reach the store intact.
  it('writes every batch intact while it reuses its encoding memory, texts larger than it included', async () => {
    const texts = Array.from({ length: 700 }, (_, i) =>
      i === 300 ? '€'.repeat(3_000_000) : `<p>${String(i).padStart(4, '0')} ${'é€😀'.repeat(i % 50)}${'x'.repeat((i * 7919) % 40_000)}</p>`,
    );
    const store = createMemoryStore();
    const objects = texts.map((body, i) => ({ key: `o${i}.html`, body: () => body }));
    const result = await syncObjects({ store, objects, previousHashes: {}, log: silentLogger });
    expect(result.written).toHaveLength(texts.length);
    for (const [i, text] of texts.entries()) {
      const stored = Buffer.from((await store.read(`o${i}.html`)) ?? []);
      expect(stored.equals(Buffer.from(text, 'utf8')), `o${i}.html`).toBe(true);
      expect(result.hashes[`o${i}.html`]).toBe(sha1(text));
    }
  });

  it('a memory store keeps a copy of what it is given, not a view of the caller\'s buffer', async () => {
    const store = createMemoryStore();
    const shared = Buffer.from('first body');
    await store.write('a.html', shared.subarray(0, 5), { contentType: 'text/html', cacheControl: 'no-cache' });
    shared.write('XXXXX', 0);
    expect(Buffer.from((await store.read('a.html')) ?? []).toString()).toBe('first');
  });

  // The encoding memory outlives a call (a fresh buffer costs a page fault per 4 KB written): the next call
  // writes from the same memory, and a call running beside another never shares it.
  it('reuses its encoding memory from one call to the next, never between calls running at once', async () => {
    const seen: ArrayBufferLike[][] = [[], [], [], []];
    const damaged: string[] = [];
    const recording = (call: number) => {
      const memory = createMemoryStore();
      return {
        ...memory,
        async write(key: string, body: string | Uint8Array, meta: Parameters<typeof memory.write>[2]) {
          if (typeof body === 'string') throw new Error('expected encoded bytes');
          seen[call]?.push(body.buffer);
          const before = Buffer.from(body);
          // Until the write settles the bytes are the store's: another call must not overwrite them.
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (!Buffer.from(body).equals(before)) damaged.push(key);
          return memory.write(key, body, meta);
        },
      };
    };
    const objects = (call: number) => Array.from({ length: 40 }, (_, i) => ({ key: `c${call}-${i}.html`, body: () => `<p>call ${call} object ${i} ${'é'.repeat(i * 50)}</p>` }));
    await syncObjects({ store: recording(0), objects: objects(0), previousHashes: {}, log: silentLogger });
    await syncObjects({ store: recording(1), objects: objects(1), previousHashes: {}, log: silentLogger });
    const [first, second] = [new Set(seen[0]), new Set(seen[1])];
    // Identity, not contents: the very memory the first call wrote from.
    expect(first.size).toBe(1);
    expect([...second].every((b) => first.has(b))).toBe(true);
    await Promise.all([2, 3].map((call) => syncObjects({ store: recording(call), objects: objects(call), previousHashes: {}, log: silentLogger })));
    const [third, fourth] = [new Set(seen[2]), new Set(seen[3])];
    expect([...third].some((b) => fourth.has(b))).toBe(false);
    expect(damaged).toEqual([]);
  });

  // A long-lived process (serve, a warm Lambda) keeps the spare for good: never one grown for a huge text.
  // Such a text (a 50,000-URL sitemap part) goes to the store as it is, and its hash is still that of the
  // bytes the store holds.
  it('writes a text bigger than its encoding memory as it is, and keeps only the usual memory', async () => {
    const bodies: (string | Uint8Array)[] = [];
    const memory = createMemoryStore();
    const store = { ...memory, write: (key: string, body: string | Uint8Array, meta: Parameters<typeof memory.write>[2]) => (bodies.push(body), memory.write(key, body, meta)) };
    // 3,000,000 code units of up to 3 bytes each: more room than the 8 MiB the encoder keeps.
    const huge = `${'é'.repeat(1_000_000)}${'€'.repeat(1_000_000)}\u{1F600}${'x'.repeat(999_998)}`;
    const first = await syncObjects({ store, objects: [{ key: 'huge.html', body: () => huge }], previousHashes: {}, log: silentLogger });
    await syncObjects({ store, objects: [{ key: 'small.html', body: () => '<p>small</p>' }], previousHashes: {}, log: silentLogger });
    expect(bodies).toHaveLength(2);
    expect(typeof bodies[0]).toBe('string');
    expect(bodies[1]).toBeInstanceOf(Uint8Array);
    expect((bodies[1] as Uint8Array).buffer.byteLength).toBeLessThanOrEqual(8 * 1024 * 1024);
    const held = (await memory.read('huge.html')) as Uint8Array;
    expect(new TextDecoder().decode(held)).toBe(huge);
    expect(first.hashes['huge.html']).toBe(createHash('sha1').update(held).digest('hex'));
  });
});
