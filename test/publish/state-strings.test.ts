import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { type PublishState, STATE_KEY, emptyState, readSiteState } from '../../src/publish/state.js';
import { writeShardedState } from '../../src/publish/state-shards.js';

// JSON.parse makes a string per value, and an article's item and record repeat its id, slug, source path
// (the key of both) and dates. Whether two equal values are one string is visible only in the heap: counted
// in a heap snapshot of this process, by value.

const ARTICLES = 300;

/** A state whose every article has its own id, slug, source path and date, all first seen in one run. */
function stateOf(n: number): PublishState {
  const state = emptyState();
  const firstSeen = new Date(Date.UTC(2026, 10, 30, 12, 0, 0, 123)).toISOString();
  for (let i = 0; i < n; i++) {
    const source = ['posts', `zq-story-${i}-of-the-day.md`].join('/');
    const id = ['tag:zq.example,2026', source].join(':');
    const slug = ['zq-story', String(i), 'of-the-day'].join('-');
    const date = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    state.sources[source] = { version: `${i}:1:${i}`, rejected: [] };
    state.articles[source] = { id, firstSeen, contentHash: `h${i}`, updated: date, slug };
    state.items[source] = { id, title: `Story ${i}`, url: `https://zq.example/articles/${slug}.html`, summary: 'A summary.', published: date, updated: date, authors: [], categories: ['news'], slug, sourcePath: source };
  }
  return state;
}

/** How many string objects in this process's heap hold each of `values`. */
function stringCopies(values: string[]): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'fw-heap-'));
  try {
    const snapshot = JSON.parse(readFileSync(writeHeapSnapshot(join(dir, 'heap.heapsnapshot')), 'utf8')) as {
      snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
      nodes: number[];
      strings: string[];
    };
    const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
    const typeAt = fields.indexOf('type');
    const nameAt = fields.indexOf('name');
    const stringType = types.indexOf('string');
    const wanted = new Map(values.map((v, i) => [v, i]));
    const counts = values.map(() => 0);
    for (let n = 0; n < snapshot.nodes.length; n += fields.length) {
      if (snapshot.nodes[n + typeAt] !== stringType) continue;
      const at = wanted.get(snapshot.strings[snapshot.nodes[n + nameAt] as number] as string);
      if (at !== undefined) counts[at] = (counts[at] as number) + 1;
    }
    return counts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a state as read', () => {
  it("holds one string for each value an article's item and record repeat", async () => {
    const store = createMemoryStore();
    await writeShardedState(store, STATE_KEY, stateOf(ARTICLES), null, {});
    for (const unchanged of [true, false]) {
      const read = await readSiteState(store, createMemoryStore(), unchanged);
      // Values taken from the state itself: a literal in this file would be one more string in the heap.
      const source = Object.keys(read.state.items).find((key) => key.includes('-7-')) ?? '';
      const item = read.state.items[source];
      const record = read.state.articles[source];
      expect(item?.sourcePath).toBe(source);
      expect(record?.id).toBe(item?.id);
      // id, slug, the article's date (published, updated, the record's updated), its source path (the key of
      // every record of it, and the item's sourcePath), the run's first-seen date (every article's).
      const copies = stringCopies([item?.id ?? '', item?.slug ?? '', item?.published ?? '', source, record?.firstSeen ?? '']);
      expect(copies, `unchanged: ${unchanged}`).toEqual([1, 1, 1, 1, 1]);
    }
  });
});
