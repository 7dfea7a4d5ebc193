import { FeedwrightError, truncateForLog } from '../errors/index.js';

/**
 * A run that would take most of a site down is far more often a mistake (a typo in `--input`, an empty
 * or wrong S3 prefix, an unmounted folder) than an intent; it is refused before anything is written.
 */
export class MassDeleteError extends FeedwrightError {
  override readonly name = 'MassDeleteError' as const;
  readonly code = 'mass-delete-refused';
  override readonly exitCode = 1;
  constructor(
    readonly published: number,
    readonly removed: string[],
    readonly sources: number,
    readonly maxShare: number,
  ) {
    const examples = firstKeys(removed);
    const why =
      sources === 0
        ? `found no article sources, but ${published} article(s) are published`
        : `would remove ${removed.length} of ${published} published article(s) (more than ${Math.round(maxShare * 100)}%)`;
    super(
      `refusing to publish: this run ${why} (e.g. ${examples}); nothing was changed. Check the input location; ` +
        'if the removal is intended, run again with --allow-mass-delete (`allowMassDelete: true` in the run payload).',
    );
  }
}

/** Throws MassDeleteError when the run would remove too much of the published site. */
export function checkMassDelete(args: {
  previous: ReadonlySet<string>;
  next: ReadonlySet<string>;
  sources: number;
  maxShare: number;
  allow: boolean;
}): void {
  if (args.allow || args.previous.size === 0) return;
  const removed: string[] = [];
  for (const k of args.previous) if (!args.next.has(k)) removed.push(k);
  if (args.sources === 0 || removed.length > args.maxShare * args.previous.size) {
    throw new MassDeleteError(args.previous.size, removed, args.sources, args.maxShare);
  }
}

/**
 * A run's output already holds files where Feedwright publishes (`index.html`, `articles/`, the feeds…)
 * while the state location shows no Feedwright run ever wrote there: a first run would overwrite or
 * delete them. Most often `--out` names the wrong folder (another tool's site, a home folder); sometimes
 * the state was lost, which `--rebuild-state` mends without resetting first-seen dates.
 */
export class ForeignOutputError extends FeedwrightError {
  override readonly name = 'ForeignOutputError' as const;
  readonly code = 'foreign-output-refused';
  override readonly exitCode = 1;
  constructor(
    readonly output: string,
    readonly state: string,
    readonly found: string[],
    /** The output the state's runs write into, when it names another one. */
    readonly publishesTo?: string,
    /** The state location claims this output, but the state its runs saved is gone. */
    readonly stateLost = false,
  ) {
    const holds = found.length > 0 ? `it already holds ${found.length} file(s) where Feedwright publishes (e.g. ${firstKeys(found)}), and ` : '';
    super(
      stateLost
        ? `refusing to publish into ${output}: ${holds}the state location ${state} says Feedwright published them, but the state its runs saved is missing ` +
            '(deleted or lost); nothing was changed. Run again with --rebuild-state to take the site back (keeps first-seen dates, so nothing is sent again); ' +
            'to replace those files, run again with --allow-mass-delete (`allowMassDelete: true` in the run payload).'
        : publishesTo === undefined
        ? `refusing to publish into ${output}: ${holds}the state location ${state} holds no record of a Feedwright run that wrote them; nothing was changed. ` +
            'Check --out; if Feedwright published this site and its state was lost, run again with --rebuild-state (keeps first-seen dates); ' +
            'to replace those files, run again with --allow-mass-delete (`allowMassDelete: true` in the run payload).'
        : `refusing to publish into ${output}: ${holds}the state location ${state} publishes into ${publishesTo.startsWith('s3://') ? publishesTo : `${publishesTo} (relative to it)`}, not here; nothing was changed. ` +
            'Check --out and --state; to move the site here (replacing what is there), publish once with --allow-mass-delete (`allowMassDelete: true` in the run payload).',
    );
  }
}

/**
 * Throws ForeignOutputError when the output holds publisher files (`found`, the run's listing of its
 * namespace) and nothing says Feedwright wrote them: no state and no claim (see `OUTPUT_CLAIM_KEY`), or
 * a claim whose saved state is gone (`stateLost`: a run from nothing would date every article anew).
 */
export function checkForeignOutput(args: {
  found: Iterable<string>;
  claimed: boolean;
  allow: boolean;
  output: string;
  state: string;
  publishesTo?: string;
  stateLost?: boolean;
}): void {
  if (args.allow || args.claimed) return;
  const found = [...args.found].sort();
  // A state that publishes elsewhere is refused even into an empty folder: the claim would move there.
  if (found.length > 0 || args.publishesTo !== undefined) throw new ForeignOutputError(args.output, args.state, found, args.publishesTo, args.stateLost === true && args.publishesTo === undefined);
}

/** The first few keys, quoted and cut, for a one-line message. */
function firstKeys(keys: string[]): string {
  return keys.slice(0, 3).map((k) => JSON.stringify(truncateForLog(k, 80))).join(', ');
}
