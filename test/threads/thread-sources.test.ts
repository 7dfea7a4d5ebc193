import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProcessRequest } from '../../src/publish/process-sources.js';
import { inProcessSources, type SourceRef } from '../../src/publish/source-processor.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { threadSourcesProcessor } from '../../src/threads/thread-sources.js';

const DIST_WORKER = new URL('../../dist/source-worker.js', import.meta.url);
const fixture = (name: string) => new URL(`./workers/${name}`, import.meta.url);

const request: ProcessRequest = { siteUrl: 'https://u.example/', maxBytes: 1_000_000, summary: { sentences: 2, words: 40 }, language: 'en', reuseSummaries: {} };

/** Sources of every kind the stage meets, good and bad, `count` of them in listing order. */
function corpus(count: number): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  for (let i = 0; i < count; i++) {
    const name = `s${String(i).padStart(5, '0')}`;
    switch (i % 9) {
      case 0:
        files[`${name}.md`] = `---\ntitle: Story ${i}\ndate: 2025-01-0${(i % 9) + 1}\ncategories: [World, "Ünïcode <&>"]\n---\n\nStory ${i} opens in Paris. The minister said on Monday that talks would go on. Critics were not convinced by the plan. It ends here.\n`;
        break;
      case 1:
        files[`${name}.html`] = `<html lang="fr"><head><title>Article ${i}</title></head><body><p>Le ministre a parlé lundi. Les discussions continuent.</p><script>alert(1)</script></body></html>`;
        break;
      case 2:
        files[`${name}.json`] = JSON.stringify([{ title: `One of ${i}`, content: '<p>First of two.</p>' }, { title: `Two of ${i}`, content: 'Second of two.' }]);
        break;
      case 3:
        files[`${name}.txt`] = `Plain title ${i}\n\nA plain text body. With two sentences.\n`;
        break;
      case 4:
        files[`${name}.md`] = new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]); // not UTF-8
        break;
      case 5:
        files[`${name}.md`] = `---\ntitle: Draft ${i}\ndraft: true\n---\n\nNot yet.\n`;
        break;
      case 6:
        files[`${name}.md`] = `---\ntitle: [unclosed\n---\nBroken front matter.\n`;
        break;
      case 7:
        files[`${name}.json`] = '{"title": "x", "content": undefined}';
        break;
      default:
        files[`${name}.md`] = `# Heading ${i}\n\nNo front matter; a footnote[^1] and a [link](../other.md).\n\n[^1]: The note.\n`;
    }
  }
  return files;
}

async function refsOf(files: Record<string, string | Uint8Array>): Promise<{ input: ReturnType<typeof createMemoryStore>; refs: SourceRef[] }> {
  const input = createMemoryStore(files);
  return { input, refs: [...(await input.listVersions(''))].map(([path, version]) => ({ path, version })) };
}

describe('the per-source stage on worker threads', () => {
  it('gives what the in-process stage gives, in the same order, with the bundled worker (released content and reused summaries too)', async () => {
    expect(existsSync(DIST_WORKER), 'dist/source-worker.js is built by `node scripts/build.mjs` (npm test runs it first)').toBe(true);
    const { input, refs } = await refsOf(corpus(700));
    const withReuse: ProcessRequest = { ...request, reuseSummaries: { 's00000.md': 'not-the-hash', 's00009.md': 'x' } };
    const processor = threadSourcesProcessor({ workerUrl: DIST_WORKER, threads: 2, minSources: 1 });
    for (const options of [{}, { releaseContent: true }]) {
      const threaded = await processor.process(input, refs, withReuse, options);
      const here = await inProcessSources.process(input, refs, withReuse, options);
      expect(threaded.processed.length).toBe(here.processed.length);
      expect(threaded.processed.map((s) => s.path)).toEqual(refs.map((r) => r.path));
      expect(threaded).toEqual(here);
    }
    // The corpus is what it claims: rejections, drafts and articles of every format came through.
    const here = await inProcessSources.process(input, refs, request);
    expect(here.processed.flatMap((s) => s.rejected).length).toBeGreaterThan(150);
    expect(here.processed.flatMap((s) => s.drafts).length).toBeGreaterThan(70);
    expect(new Set(here.processed.flatMap((s) => s.articles.map((a) => a.sourcePath.split('.').pop())))).toEqual(new Set(['md', 'html', 'json', 'txt']));
  });

  it.each([
    ['exits before answering', 'exits.mjs'],
    ['answers every batch with a failure', 'fails.mjs'],
    ['dies with an uncaught error mid-run', 'throws.mjs'],
  ])('loses no source when a worker %s: its batches are processed on the main thread', async (_name, file) => {
    const { input, refs } = await refsOf(corpus(400));
    const threaded = await threadSourcesProcessor({ workerUrl: fixture(file), threads: 1, minSources: 1 }).process(input, refs, request);
    expect(threaded).toEqual(await inProcessSources.process(input, refs, request));
  });

  it('unreadable sources are reported in listing order, as in-process', async () => {
    const { input, refs } = await refsOf(corpus(300));
    const vanished = [...refs.slice(0, 150), { path: 'gone-a.md', version: 'v' }, ...refs.slice(150), { path: 'gone-b.md', version: 'v' }];
    const threaded = await threadSourcesProcessor({ workerUrl: DIST_WORKER, threads: 1, minSources: 1 }).process(input, vanished, request);
    expect(threaded.unreadable.map((u) => u.path)).toEqual(['gone-a.md', 'gone-b.md']);
    expect(threaded).toEqual(await inProcessSources.process(input, vanished, request));
  });
});
