import { describe, expect, it } from 'vitest';
import { createStoredBatchesProcessor, FanoutPending, handleBatchMessages, jobKey, planKey, runStatus, WORK_PREFIX, type BatchMessage } from '../../src/fanout/index.js';
import type { ProcessRequest } from '../../src/publish/process-sources.js';
import { inProcessSources } from '../../src/publish/source-processor.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import type { Store } from '../../src/storage/store.js';

const request: ProcessRequest = { siteUrl: 'https://u.example/', maxBytes: 1_000_000, summary: { sentences: 2 }, language: 'en', reuseSummaries: {} };
const article = (n: number, extra = '') => `---\ntitle: Story ${n}\ndate: 2025-01-0${(n % 9) + 1}\n---\n\nStory ${n} opens here. It goes on for a while.${extra} It ends.\n`;

function setup(count: number) {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`s${i}.md`] = article(i);
  const input = createMemoryStore(files);
  const work = createMemoryStore();
  const sent: BatchMessage[] = [];
  const assembles: string[] = [];
  const queue = { enqueueBatches: async (m: BatchMessage[]) => void sent.push(...m), requestAssemble: async (runId: string) => void assembles.push(runId) };
  let now = Date.parse('2026-06-01T00:00:00Z');
  const clock = { now: () => new Date(now), advance: (ms: number) => (now += ms) };
  return { input, work, queue, sent, assembles, clock };
}

async function refs(input: Store) {
  return [...(await input.listVersions(''))].map(([path, version]) => ({ path, version }));
}

async function pendingOf(run: Promise<unknown>): Promise<FanoutPending> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FanoutPending);
  return error as FanoutPending;
}

describe('stored-batches processor', () => {
  it('processes up to the budget in this process, storing nothing and sending nothing', async () => {
    const { input, work, queue, sent, clock } = setup(4);
    const processor = createStoredBatchesProcessor({ work, queue, budget: 4, batchSize: 2, now: clock.now });
    const sources = await refs(input);
    const result = await processor.process(input, sources, request);
    expect(result).toEqual(await inProcessSources.process(input, sources, request));
    expect(work.objects.size).toBe(0);
    expect(sent).toEqual([]);
  });

  it('plans once, does not send again while batches are out, and resends only the missing ones when stale', async () => {
    const { input, work, queue, sent, clock } = setup(5);
    const processor = createStoredBatchesProcessor({ work, queue, budget: 2, batchSize: 2, now: clock.now, resendAfterMs: 60_000 });
    const sources = await refs(input);
    const first = await pendingOf(processor.process(input, sources, request));
    expect([first.batches, first.enqueued]).toEqual([3, true]);
    expect(sent.map((m) => m.batch)).toEqual([0, 1, 2]);
    expect(await work.list(`${WORK_PREFIX}${first.runId}/jobs/`)).toHaveLength(3);

    // One batch lands; a second run over the same changes waits without sending.
    const firstMessage = sent[0] as BatchMessage;
    await handleBatchMessages({ input, work, queue }, [{ messageId: 'm0', body: JSON.stringify(firstMessage) }]);
    const again = await pendingOf(processor.process(input, sources, request));
    expect([again.runId, again.enqueued]).toEqual([first.runId, false]);
    expect(sent).toHaveLength(3);

    // An hour later the two missing batches are sent again (a lost send must not stall the site for ever).
    clock.advance(3_600_000);
    const stale = await pendingOf(processor.process(input, sources, request));
    expect(stale.enqueued).toBe(true);
    expect(sent.slice(3).map((m) => m.batch)).toEqual([1, 2]);
    expect((await runStatus(work, first.runId))?.missing).toEqual([1, 2]);
    expect(work.objects.has(planKey(first.runId))).toBe(true);
  });

  it("hands each job only its own sources' summary-reuse entries", async () => {
    const { input, work, queue, clock } = setup(5);
    const processor = createStoredBatchesProcessor({ work, queue, budget: 2, batchSize: 2, now: clock.now });
    const reuseSummaries = { 's0.md': 'h0', 's1.md#2': 'h1', 's10.md': 'not s1', 's4.md': 'h4', 'gone.md': 'hx' };
    const pending = await pendingOf(processor.process(input, await refs(input), { ...request, reuseSummaries }));
    const job = (batch: number) => JSON.parse(new TextDecoder().decode(work.objects.get(jobKey(pending.runId, batch))?.body)) as { request: ProcessRequest; sources: { path: string }[] };
    expect([0, 1, 2].map((b) => job(b).sources.map((s) => s.path))).toEqual([['s0.md', 's1.md'], ['s2.md', 's3.md'], ['s4.md']]);
    expect([0, 1, 2].map((b) => job(b).request.reuseSummaries)).toEqual([{ 's0.md': 'h0', 's1.md#2': 'h1' }, {}, { 's4.md': 'h4' }]);
  });

  it('uses a stored result only for the version listed now; a source edited meanwhile is processed here', async () => {
    const { input, work, queue, sent, assembles, clock } = setup(3);
    const processor = createStoredBatchesProcessor({ work, queue, budget: 1, batchSize: 3, now: clock.now });
    const sources = await refs(input);
    const pending = await pendingOf(processor.process(input, sources, request));
    await handleBatchMessages({ input, work, queue }, sent.map((m, i) => ({ messageId: `m${i}`, body: JSON.stringify(m) })));
    expect(assembles).toEqual([pending.runId]);
    // The source is edited after its worker read it: the stored result is for the old version.
    await input.write('s1.md', article(1, ' An added sentence about something new.'), { contentType: 'text/markdown', cacheControl: 'no-store' });
    const reads: string[] = [];
    const counting: Store = { ...input, read: (key) => (reads.push(key), input.read(key)) };

    const assembler = createStoredBatchesProcessor({ work, queue, budget: 1, batchSize: 3, now: clock.now, assembleRuns: [pending.runId] });
    // The listing the assemble step sees: s1.md at its new version; the other two as planned.
    const now = await refs(input);
    const result = await assembler.process(counting, now, request);
    expect(reads).toEqual(['s1.md']);
    expect(result).toEqual(await inProcessSources.process(input, now, request));
    const s1 = result.processed.find((p) => p.path === 's1.md');
    expect(s1?.articles[0]?.contentText).toMatch(/An added sentence/);
  });
});
