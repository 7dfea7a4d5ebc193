import { describe, expect, it } from 'vitest';
import { childBatches, jobKey, planKey, runStatus, settleFailedBatch, splitKey, type BatchMessage } from '../../src/fanout/index.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

const runId = 'ab'.repeat(16);
const request = { siteUrl: 'https://u.example/', maxBytes: 1_000_000, summary: { sentences: 2 }, language: 'en', reuseSummaries: {} };

function plannedRun(batches: string[][]) {
  const work = createMemoryStore();
  const sent: BatchMessage[] = [];
  const queue = { enqueueBatches: async (m: BatchMessage[]) => void sent.push(...m), requestAssemble: async () => {} };
  const put = (key: string, value: unknown) => work.write(key, JSON.stringify(value), { contentType: 'application/json', cacheControl: 'no-store' });
  const ready = (async () => {
    for (const [batch, paths] of batches.entries()) {
      await put(jobKey(runId, batch), { runId, batch, request: { ...request, reuseSummaries: Object.fromEntries(paths.map((p) => [`${p}#1`, `h-${p}`])) }, sources: paths.map((path) => ({ path, version: 'v1' })) });
    }
    await put(planKey(runId), { runId, requestHash: 'x', batches: batches.length, sources: batches.flat().length, enqueuedAt: '2026-06-01T00:00:00.000Z' });
  })();
  return { work, queue, sent, ready };
}

describe('splitting a failing batch', () => {
  it('numbers the halves of every split uniquely, never reusing a planned batch', () => {
    for (const planned of [1, 3, 7, 40]) {
      const seen = new Set<number>(Array.from({ length: planned }, (_, b) => b));
      let level = [...seen];
      let count = seen.size;
      // Ten levels: a batch of 1,000 sources splits down to single sources.
      for (let depth = 0; depth < 10; depth++) {
        level = level.flatMap((b) => childBatches(b, planned));
        for (const b of level) seen.add(b);
        count += level.length;
      }
      expect(seen.size, String(planned)).toBe(count);
    }
    expect(childBatches(2, 5)).toEqual([7, 12]);
    expect(childBatches(7, 5)).toEqual([17, 22]);
  });

  it('stores and queues two halves with their own reuse entries, records the split once, and counts the halves as out', async () => {
    const { work, queue, sent, ready } = plannedRun([['a', 'b', 'c'], ['d']]);
    await ready;
    expect(await settleFailedBatch({ work, queue }, runId, 0, 'failed 3 times')).toBe('split');
    // A duplicate delivery of the dead-lettered message changes nothing.
    expect(await settleFailedBatch({ work, queue }, runId, 0, 'failed 3 times')).toBe('split');
    expect(sent).toEqual([
      { runId, batch: 2 },
      { runId, batch: 4 },
    ]);
    const job = (batch: number) => JSON.parse(new TextDecoder().decode(work.objects.get(jobKey(runId, batch))?.body)) as { sources: { path: string }[]; request: { reuseSummaries: object } };
    expect(job(2).sources.map((s) => s.path)).toEqual(['a', 'b']);
    expect(job(2).request.reuseSummaries).toEqual({ 'a#1': 'h-a', 'b#1': 'h-b' });
    expect(job(4).sources.map((s) => s.path)).toEqual(['c']);
    expect(work.objects.has(splitKey(runId, 0))).toBe(true);
    expect((await runStatus(work, runId))?.missing).toEqual([1, 2, 4]);
    // A single source is not split: it is recorded as failed, and the run no longer waits for it.
    expect(await settleFailedBatch({ work, queue }, runId, 4, 'failed 3 times')).toBe('failed');
    expect((await runStatus(work, runId))?.missing).toEqual([1, 2]);
  });

  it('rejects a failing batch whole once the run has used its split allowance (a systematic failure), saying so', async () => {
    const { work, queue, sent, ready } = plannedRun([['a', 'b'], ['c']]);
    await ready;
    // 64 splits already recorded (the allowance is at least 64 whatever the run's size).
    for (let i = 0; i < 64; i++) await work.write(splitKey(runId, 1000 + i), '{}', { contentType: 'application/json', cacheControl: 'no-store' });
    expect(await settleFailedBatch({ work, queue }, runId, 0, 'failed 3 times')).toBe('failed');
    expect(sent).toEqual([]);
    const record = JSON.parse(new TextDecoder().decode(work.objects.get(`work/${runId}/failed/000000.json`)?.body)) as { reason: string; sources: unknown[] };
    expect(record.sources).toHaveLength(2);
    expect(record.reason).toMatch(/not split further: the run already split 64 batches/);
  });
});
