import * as z from 'zod';
import { FeedwrightError } from '../errors/index.js';

const IssueRecordSchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  scheduled: z.iso.datetime({ offset: true }),
  /**
   * Read from states written before 2026-12, never written: every article ever issued would pile up here
   * (the state would grow with the site); an issue's own JSON file lists its articles.
   */
  articleIds: z.array(z.string()).optional(),
  count: z.number().int().min(0),
});
export type IssueRecord = z.infer<typeof IssueRecordSchema>;

export const DigestStateSchema = z.strictObject({
  version: z.literal(1),
  digestId: z.string().min(1),
  /** Every issue issued so far. */
  issues: z.array(IssueRecordSchema),
  /** Hash of every object this digest wrote, by key: drives skip-unchanged. */
  hashes: z.record(z.string(), z.string()),
  /** Store version token of each, read back after the run: a hash is trusted only while the token still matches. */
  verified: z.record(z.string(), z.string()).default({}),
  /**
   * The last window found empty, with the version of the site it was checked against: while neither
   * changes, a run does not load the site again to find it still empty.
   */
  emptyWindow: z.strictObject({ scheduled: z.iso.datetime({ offset: true }), siteVersion: z.string() }).optional(),
});
export type DigestState = z.infer<typeof DigestStateSchema>;

export class DigestStateError extends FeedwrightError {
  override readonly name = 'DigestStateError' as const;
  readonly code = 'corrupt-digest-state';
  override readonly exitCode = 3;
  constructor(
    readonly key: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${key}: ${message}`, options);
  }
}

export function emptyDigestState(digestId: string): DigestState {
  return { version: 1, digestId, issues: [], hashes: {}, verified: {} };
}

/** A missing file is a first run; a corrupt one is an error, never silently reset (it lists what was issued). */
export function parseDigestState(text: string | null, key: string, digestId: string): DigestState {
  if (text === null) return emptyDigestState(digestId);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new DigestStateError(key, 'is not valid JSON; restore it from a backup or bucket version, or delete it (the next run rebuilds it from the published issue records, or run with --rebuild-state)', { cause });
  }
  const parsed = DigestStateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DigestStateError(key, `has an unexpected shape (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
  }
  if (parsed.data.digestId !== digestId) throw new DigestStateError(key, `belongs to digest ${JSON.stringify(parsed.data.digestId)}`);
  return parsed.data;
}

/** Stable serialization (issues oldest first, hash keys sorted): the same state is the same bytes. */
export function serializeDigestState(state: DigestState): string {
  const issues = [...state.issues]
    .sort((a, b) => Date.parse(a.scheduled) - Date.parse(b.scheduled))
    .map((i) => ({ date: i.date, scheduled: i.scheduled, count: i.count }));
  const sorted = (rec: Record<string, string>) => Object.fromEntries(Object.keys(rec).sort().map((k) => [k, rec[k]]));
  const emptyWindow = state.emptyWindow ? { emptyWindow: { scheduled: state.emptyWindow.scheduled, siteVersion: state.emptyWindow.siteVersion } } : {};
  return `${JSON.stringify({ version: state.version, digestId: state.digestId, issues, hashes: sorted(state.hashes), verified: sorted(state.verified), ...emptyWindow }, null, 1)}\n`;
}
