/** What one publish or digest run did; printed by the CLI, logged as JSON by the Lambda handlers. */
export interface RunReport {
  action: 'publish' | 'digest';
  articles: number;
  rejected: { path: string; reason: string }[];
  /** Published articles with a field dropped (unsafe link, bad e-mail, overlong category): path and reason. */
  warnings?: { path: string; reason: string; /** Stable, for scripts (`--json`). */ code?: string }[];
  /** Drafts in the input (not published). */
  drafts?: number;
  /** Articles dated in the future, held back until then (the first run after `until` publishes them). */
  held?: { path: string; until: string }[];
  /** Articles whose source moved or was renamed this run and kept their id and URL. */
  moved?: { from: string; to: string }[];
  /** Keys written (or, in a dry run, to be written) in the output: what subscribers see. */
  written: string[];
  /** Keys written in the private state location (state, caches, the run summary), kept apart from `written`. */
  stateWritten: string[];
  unchanged: number;
  deleted: string[];
  durationMs: number;
  /** WebSub: the changed feeds the hub was told about, and those it never accepted (the run still succeeds). */
  websub?: { notified: string[]; failed: { topic: string; reason: string }[] };
  dryRun: boolean;
  /**
   * A digest run: the dates of the issues it made (or, dry, would make), oldest first. Not the issue
   * records it wrote: one read back and written again (after a lost state, or in a backfill) is no new issue.
   */
  issues?: string[];
}

/** By source path in code-unit order (the same on every machine and locale): reports, rejections, batches. */
export function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
