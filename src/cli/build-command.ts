import { setFlagsFromString } from 'node:v8';
import { CONTENT_IN_MEMORY } from '../publish/content-in-memory.js';
import { type BuildResult, buildSite } from './build-site.js';
import { commandHelp } from './help.js';
import { parseFlags } from './flags.js';
import { issuesWritten, reportLines } from './print-report.js';
import { startProgress } from './progress.js';
import { locationFlags, outputFlags, outputMode, siteDeps, withPositionalInput } from './site-options.js';

// V8 sets the next full collection's threshold from how cheap the last one was, and a cold build's
// collections are cheap (much garbage, little survives): it let the heap reach 2 to 4 times what was
// live, so peak RSS of the same 10,000-article build ranged from 330 to 620 MB. A fixed growth over the
// live heap adds collections and sets no ceiling (no site is too big for it). 30% first: 10,000 articles
// peaked at ~285 MB (50%: ~355 MB), CPU within run-to-run noise; 100,000 at 1.29 GB for 139 s of CPU
// (50%: 1.45 GB, 128 s; V8's own choice: 2.6 GB, 122 s). 15% since 2026-12-02: cold 100,000 on tmpfs
// 771 -> 683 MB (10%: 642 MB but ~10% more CPU), 657 MB with the smaller archive fragment budget; cold
// 10,000 within noise (~235-250 MB).
const HEAP_GROWTH = '--heap-growing-percent=15';

/**
 * The V8 flags `feedwright build` sets once it knows the site's size: none up to {@link CONTENT_IN_MEMORY}
 * article sources (the size past which a run keeps no article HTML). Past it, two:
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

/** `feedwright build`: the site, then every digest due now. */
export async function runBuild(args: string[]): Promise<number> {
  setFlagsFromString(HEAP_GROWTH);
  const parsed = parseFlags('build', args, {
    ...locationFlags,
    ...outputFlags,
    strict: { type: 'boolean' },
    'skip-digests': { type: 'boolean' },
    'allow-mass-delete': { type: 'boolean' },
    'rebuild-state': { type: 'boolean' },
  }, 1);
  if (parsed.help) return (console.log(commandHelp('build')), 0);
  const mode = outputMode(parsed.values);
  const values = withPositionalInput(parsed.values, parsed.positionals);
  const { config, deps } = await siteDeps(values);
  const progress = startProgress('building', mode === 'text');
  let result: BuildResult;
  try {
    result = await buildSite(config, deps, {
      dryRun: values['dry-run'] === true,
      force: values.force === true,
      allowMassDelete: values['allow-mass-delete'] === true,
      rebuildState: values['rebuild-state'] === true,
      skipDigests: values['skip-digests'] === true,
      onListed: (sources) => {
        for (const flag of largeSiteFlags(sources)) setFlagsFromString(flag);
      },
    });
  } finally {
    progress.stop();
  }
  const { publish: report, digests, digestFailures } = result;
  for (const { id, error } of digestFailures) console.error(`feedwright build: digest ${id}: ${error.message}`);
  const exitCode = Math.max(0, ...digestFailures.map((f) => f.error.exitCode), values.strict && report.rejected.length > 0 ? 1 : 0);
  const context = { input: deps.input.description, output: deps.output.description };
  if (mode === 'json') {
    console.log(JSON.stringify({
      ok: exitCode === 0,
      exitCode,
      input: context.input,
      output: context.output,
      publish: report,
      digests: digests.map(({ id, report: r }) => ({ id, issues: issuesWritten(r), ...r })),
      digestFailures: digestFailures.map(({ id, error }) => ({ id, code: error.code, message: error.message })),
    }));
  } else if (mode === 'text') {
    console.log(reportLines(report, context).join('\n'));
    for (const { id, report: r } of digests) console.log(reportLines(r, { ...context, digestId: id, at: result.at }).join('\n'));
  }
  return exitCode;
}
