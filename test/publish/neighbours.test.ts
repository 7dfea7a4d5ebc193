import { describe, expect, it } from 'vitest';
import { type NeighbourFields, neighbourChanges } from '../../src/publish/neighbours.js';

const entry = (slug: string, published: string, title = slug.toUpperCase()): NeighbourFields => ({ id: `urn:${slug}`, slug, title, published });
// Site order is newest first; the previous run's items come in any order.
const a = entry('a', '2026-01-03');
const b = entry('b', '2026-01-02');
const c = entry('c', '2026-01-01');
const changes = (previous: NeighbourFields[], current: NeighbourFields[]) => neighbourChanges(previous, current, (x) => x.slug, (x) => x.title);

describe('neighbourChanges', () => {
  it('finds no change when the site order and titles are the same', () => {
    const moved = changes([c, a, b], [a, b, c]);
    expect(['a', 'b', 'c'].map(moved)).toEqual([false, false, false]);
  });

  it('marks the pages next to a new article, the new article, and no other', () => {
    const d = entry('d', '2026-01-04');
    const moved = changes([a, b, c], [d, a, b, c]);
    // d is new; a's newer neighbour went from none to d; b and c link the same pages as before.
    expect(['d', 'a', 'b', 'c'].map(moved)).toEqual([true, true, false, false]);
  });

  it('marks the pages showing a neighbour whose title changed', () => {
    const moved = changes([a, b, c], [a, { ...b, title: 'New title' }, c]);
    expect(['a', 'b', 'c'].map(moved)).toEqual([true, false, true]);
  });

  it('marks a slug that left the site, and not one never seen', () => {
    const moved = changes([a, b, c], [a, c]);
    expect([moved('a'), moved('c'), moved('b'), moved('zz')]).toEqual([true, true, true, false]);
  });

  it('orders the previous items by date, then id', () => {
    const b2 = { ...entry('b2', '2026-01-02'), id: 'urn:a-first' };
    // Same date: the smaller id comes first (newer side), so b2 sits between a and b.
    const moved = changes([b, c, a, b2], [a, b2, b, c]);
    expect(['a', 'b2', 'b', 'c'].map(moved)).toEqual([false, false, false, false]);
  });
});
