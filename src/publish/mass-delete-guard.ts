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
    const examples = removed.slice(0, 3).map((k) => JSON.stringify(truncateForLog(k, 80))).join(', ');
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
