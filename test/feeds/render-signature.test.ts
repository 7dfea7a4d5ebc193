import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FeedItem, createSigner, itemPrint } from '../../src/feeds/index.js';

const item: FeedItem = {
  id: 'tag:x.example,2026:a',
  title: 'A',
  url: 'https://x.example/a.html',
  summary: 'S.',
  contentHtml: '<p>C</p>',
  published: '2026-01-01T00:00:00.000Z',
  updated: '2026-01-02T00:00:00.000Z',
  authors: [{ name: 'N', email: 'n@x.example', url: 'https://x.example/n' }],
  categories: ['c'],
  image: 'https://x.example/i.png',
  enclosure: { url: 'https://x.example/e.mp3', type: 'audio/mpeg', length: 10, duration: 5 },
  lang: 'en',
};

describe('itemPrint', () => {
  it('does not depend on the order an item object was built in', () => {
    const reordered = Object.fromEntries(Object.entries(item).reverse()) as unknown as FeedItem;
    expect(itemPrint({ ...reordered })).toBe(itemPrint({ ...item }));
  });

  it('changes with every field a document can show', () => {
    const variants: FeedItem[] = [
      { ...item, id: 'tag:x.example,2026:b' },
      { ...item, title: 'B' },
      { ...item, url: 'https://x.example/b.html' },
      { ...item, summary: 'T.' },
      { ...item, contentHtml: '' },
      { ...item, published: '2026-01-03T00:00:00.000Z' },
      { ...item, updated: '2026-01-04T00:00:00.000Z' },
      { ...item, authors: [{ name: 'M' }] },
      { ...item, authors: [{ name: 'N', email: 'n@x.example' }] },
      { ...item, categories: ['d'] },
      { ...item, image: 'https://x.example/j.png' },
      { ...item, enclosure: { url: 'https://x.example/e.mp3', type: 'audio/mpeg', length: 11 } },
      { ...item, lang: 'fr' },
    ];
    const prints = new Set([item, ...variants].map((i) => itemPrint({ ...i })));
    expect(prints.size).toBe(variants.length + 1);
  });
});

describe('createSigner', () => {
  it('signs by parts and salt', () => {
    const a = createSigner(['v1']);
    const b = createSigner(['v2']);
    expect(a('x', 1)).toBe(a('x', 1));
    expect(a('x', 1)).not.toBe(a('x', 2));
    expect(a('x', 1)).not.toBe(b('x', 1));
  });
});

describe('createSigner(...).after', () => {
  it('signs exactly as the signer does with the same arguments in one call, for any split of them', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.jsonValue().map((v) => v as unknown).chain((v) => fc.constantFrom(v, undefined))), fc.nat(), (salt, parts, at) => {
        const sign = createSigner(salt);
        const cut = parts.length === 0 ? 0 : at % (parts.length + 1);
        expect(sign.after(...parts.slice(0, cut))(...parts.slice(cut))).toBe(sign(...parts));
      }),
      { numRuns: 300 },
    );
  });

  it('writes a part as JSON.stringify writes it inside an array: undefined, functions and symbols as null', () => {
    const sign = createSigner('salt');
    const odd = [undefined, () => 1, Symbol('s'), { toJSON: () => undefined }, [undefined], { a: undefined }, 'x'];
    expect(sign.after(...odd.slice(0, 3))(...odd.slice(3))).toBe(sign(...odd));
    expect(sign.after()(...odd)).toBe(sign(...odd));
  });

  it('gives each call its own hash (the common start is not consumed by the first document)', () => {
    const sign = createSigner('salt');
    const listing = sign.after('listing', 'feeds');
    expect([listing(1), listing(2), listing(1)]).toEqual([sign('listing', 'feeds', 1), sign('listing', 'feeds', 2), sign('listing', 'feeds', 1)]);
    expect(listing(1)).not.toBe(listing(2));
  });
});
