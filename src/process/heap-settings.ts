import { setFlagsFromString } from 'node:v8';
import { CONTENT_IN_MEMORY } from '../publish/content-in-memory.js';

/*
 * V8 settings of a process that builds sites: `feedwright build` and the Lambda handlers that publish
 * (publish, run, digest, the fan-out coordinator and worker). The figures are in bench/BUILD-RESULTS.md
 * (its memory section, and the seventh and ninth rounds); each handler sets them at the start of a run, so the
 * function deployed keeps the memory the bench measures for the CLI.
 */

// V8 sets the next full collection's threshold from how cheap the last one was, and a cold build's
// collections are cheap (much garbage, little survives): it let the heap reach 2 to 4 times what was
// live, so peak RSS of the same 10,000-article build ranged from 330 to 620 MB. A fixed growth over the
// live heap adds collections and sets no ceiling (no site is too big for it). 30% first: 10,000 articles
// peaked at ~285 MB (50%: ~355 MB), CPU within run-to-run noise; 100,000 at 1.29 GB for 139 s of CPU
// (50%: 1.45 GB, 128 s; V8's own choice: 2.6 GB, 122 s). 15% since 2026-12-02: cold 100,000 on tmpfs
// 771 -> 683 MB (10%: 642 MB but ~10% more CPU), 657 MB with the smaller archive fragment budget; cold
// 10,000 within noise (~235-250 MB).
export const HEAP_GROWTH_FLAG = '--heap-growing-percent=15';

/**
 * The V8 flags a build sets once it knows the site's size: none up to {@link CONTENT_IN_MEMORY} article
 * sources (the size past which a run keeps no article HTML). Past it, two:
 * - `--no-concurrent-sweeping`. V8 frees dead objects' space on a background thread after each full
 *   collection; with that sweep running beside the build, a cold 100,000-article build grew old space to
 *   440-460 MB committed for at most ~340 MB in use (our reading of the logged spaces: space freed late is
 *   not reused in time, and V8 keeps what it has committed). Swept on the main thread: 379 MB committed,
 *   peak RSS 676 -> 604 MiB (tmpfs, the same build, one run each), time within noise. At 10,000 articles
 *   it went the other way (241-257 -> 261-274 MB, three alternating runs), hence only past the threshold.
 * - heap growth 10% instead of 15%: a full collection once the heap has grown a tenth over what was
 *   live. Cold 100,000: 604 -> 577 MiB peak, 190 -> 200 s of CPU (one run each).
 */
export function largeSiteFlags(articleSources: number): string[] {
  return articleSources > CONTENT_IN_MEMORY ? ['--no-concurrent-sweeping', '--heap-growing-percent=10'] : [];
}

/** At the start of a build. V8 reads these flags when it next sizes the heap, so setting them at run time works. */
export function useBuildHeap(): void {
  setFlagsFromString(HEAP_GROWTH_FLAG);
}

/**
 * Once the input is listed, before any source is read. A process that runs again (a warm Lambda
 * container) keeps `--no-concurrent-sweeping` for its later runs (V8 flags cannot be unset; on a small
 * site it cost ~10-20 MB of peak, see above); the heap growth is set again by {@link useBuildHeap}.
 */
export function useLargeSiteHeap(articleSources: number): void {
  for (const flag of largeSiteFlags(articleSources)) setFlagsFromString(flag);
}
