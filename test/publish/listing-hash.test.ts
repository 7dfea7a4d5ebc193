import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listingHash } from '../../src/publish/quick-check.js';

// What last-run.json has always recorded: the SHA-256 of the JSON text of the sorted [key, token] pairs.
// A run compares the next run's listing with it, so the hash must not change with how it is computed:
// a different value would send every site once through the full publish path after an upgrade.
const reference = (versions: Map<string, string>) =>
  createHash('sha256')
    .update(JSON.stringify([...versions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))
    .digest('hex');

describe('listingHash', () => {
  it('is the SHA-256 of the sorted pairs as JSON, for any keys and tokens, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 60 }), (pairs) => {
        const versions = new Map(pairs);
        expect(listingHash(versions)).toBe(reference(versions));
      }),
      { numRuns: 300 },
    );
  });

  // Pieces are cut every 64 K characters: pairs with astral characters and lone surrogates on both sides of
  // many cuts must hash as the whole text does.
  it('matches the whole text across many pieces', () => {
    const versions = new Map<string, string>();
    for (let i = 0; i < 6000; i++) {
      const tail = i % 3 === 0 ? '\u{1F600}' : i % 3 === 1 ? '\uD800' : 'é';
      versions.set(`archive/${String(i).padStart(5, '0')}/${'x'.repeat(i % 37)}${tail}.xml`, `${i}:${i * 7919}:${tail}`);
    }
    const text = JSON.stringify([...versions]);
    expect(text.length).toBeGreaterThan(4 * 65_536);
    expect(listingHash(versions)).toBe(reference(versions));
    expect(listingHash(new Map([...versions].reverse()))).toBe(reference(versions));
  });

  it('tells listings apart by a single token', () => {
    const a = new Map([['feed.xml', '1:2:3'], ['index.html', '4:5:6']]);
    const b = new Map([['feed.xml', '1:2:3'], ['index.html', '4:5:7']]);
    expect(listingHash(a)).not.toBe(listingHash(b));
    expect(listingHash(new Map())).toBe(reference(new Map()));
  });
});
