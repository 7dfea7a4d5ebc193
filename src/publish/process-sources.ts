import { type ProcessedSource, type SourceFile, processSource } from '../articles/index.js';
import { summarize } from '../summarize/index.js';

/** What the per-source stage needs. */
export interface ProcessRequest {
  siteUrl: string;
  maxBytes: number;
  summary: { sentences: number; words?: number };
  /** The site's language: what an article without its own `lang` is summarized as. */
  language: string;
  /** Article key → content hash whose previous summary is still valid: not summarized again. */
  reuseSummaries: Record<string, string>;
}

/** The per-source stage for one source, summary included (unless a front-matter or reusable one exists). */
function processWithSummary(source: SourceFile, request: ProcessRequest): ProcessedSource {
  return processSource(source, {
    siteUrl: request.siteUrl,
    maxBytes: request.maxBytes,
    summarize: (article) =>
      request.reuseSummaries[article.key] === article.contentHash
        ? undefined
        : summarize(article.contentText, {
            sentences: request.summary.sentences,
            words: request.summary.words,
            title: article.title,
            lang: article.meta.lang ?? request.language,
          }),
  });
}

/**
 * The per-source stage for every source, in this thread. Worker threads were measured twice on this
 * 2-core machine and did not pay. The second time (cold 10,000-article builds, half the sources in one
 * worker): the worker starts working ~0.3 s after it is created and its 5,000 results cross back in
 * ~50 ms, but each thread then runs ~1.4x slower than one thread alone, the process spends 1.5–3 s more
 * CPU (module load and JIT warm-up twice, a second heap to collect, cold caches), and a one-thread build
 * already keeps ~1.1 cores busy (GC and file I/O threads). Median wall time over 4 alternating runs each:
 * 15.2 s without, 14.3 s with, the closest pairs 0.02–0.16 s apart: within noise, so no worker. A third
 * time (2026-12-03, a machine with two real cores): 6% less wall time for ~0.9 s more CPU and ~60 MB more
 * peak memory, which put a 10,000-article build over its 300 MB target.
 */
export function processSources(sources: SourceFile[], request: ProcessRequest): ProcessedSource[] {
  return sources.map((s) => processWithSummary(s, request));
}
