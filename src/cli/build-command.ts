import { useBuildHeap, useLargeSiteHeap } from '../process/heap-settings.js';
import { removingNewFoldersOnFailure } from '../storage/index.js';
import { type BuildResult, buildSite } from './build-site.js';
import { commandHelp } from './help.js';
import { parseFlags } from './flags.js';
import { issuesWritten, reportLines } from './print-report.js';
import { failureLine } from './report-failure.js';
import { startProgress } from './progress.js';
import { locationFlags, outputFlags, outputMode, siteDeps, withPositionalInput } from './site-options.js';

/** `feedwright build`: the site, then every digest due now. */
export async function runBuild(args: string[]): Promise<number> {
  useBuildHeap();
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
  const { config, deps, newFolders } = await siteDeps(values);
  const progress = startProgress('building', mode === 'text');
  let result: BuildResult;
  try {
    // A refused or failed first run leaves no folder behind (the lease made the state folder before the guards ran).
    result = await removingNewFoldersOnFailure(newFolders, () =>
      buildSite(config, deps, {
        dryRun: values['dry-run'] === true,
        force: values.force === true,
        allowMassDelete: values['allow-mass-delete'] === true,
        rebuildState: values['rebuild-state'] === true,
        skipDigests: values['skip-digests'] === true,
        onListed: useLargeSiteHeap,
      }),
    );
  } finally {
    progress.stop();
  }
  const { publish: report, digests, digestFailures } = result;
  for (const { id, error } of digestFailures) console.error(failureLine('build', `digest ${id}: ${error.message}`, error.code));
  const exitCode = Math.max(0, ...digestFailures.map((f) => f.error.exitCode), values.strict && report.rejected.length > 0 ? 1 : 0);
  const context = { input: deps.input.description, output: deps.output.description };
  if (mode === 'json') {
    // A failed run names its (first) failure at the top, as every --json failure does; the site was published.
    const failure = digestFailures[0];
    console.log(JSON.stringify({
      ok: exitCode === 0,
      exitCode,
      ...(failure ? { code: failure.error.code, message: `digest ${failure.id}: ${failure.error.message}` } : {}),
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
