import { z } from 'zod';
import type { Store } from '../storage/store.js';

export const STATE_KEY = '_feedwright/state.json';

const ArticleRecordSchema = z.object({
  id: z.string(),
  firstSeen: z.string(),
  contentHash: z.string(),
  updated: z.string(),
  slug: z.string(),
});

export const PublishStateSchema = z.object({
  version: z.literal(1),
  /** Per source article: id, first-seen time, content hash, slug — what keeps ids and dates stable. */
  articles: z.record(z.string(), ArticleRecordSchema),
  /** Summary cache: `<summarizer version>:<budget>:<content hash>` → summary text. */
  summaries: z.record(z.string(), z.string()),
  /** sha256 of every object this publisher wrote, by key: drives skip-unchanged and stale deletes. */
  objects: z.record(z.string(), z.string()),
  /**
   * Hash of everything the output depends on (config, code versions, every source's version token).
   * Equal on the next run → nothing can have changed, and no source needs to be read.
   */
  inputFingerprint: z.string().optional(),
  /** Rejections of the run that wrote this state, so a no-change run still reports them. */
  rejected: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
});
export type PublishState = z.infer<typeof PublishStateSchema>;

export function emptyState(): PublishState {
  return { version: 1, articles: {}, summaries: {}, objects: {} };
}

export class StateError extends Error {
  override readonly name = 'StateError' as const;
  constructor(
    readonly key: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${key}: ${message}`, options);
  }
}

/** Reads the publisher's state; a missing file is a first run, a corrupt one is an error (never silently reset: it holds first-seen dates). */
export async function readState(store: Store, key = STATE_KEY): Promise<PublishState> {
  const bytes = await store.read(key);
  if (bytes === null) return emptyState();
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new StateError(key, 'is not valid JSON; fix or delete it to start over', { cause });
  }
  const parsed = PublishStateSchema.safeParse(raw);
  if (!parsed.success) throw new StateError(key, `has an unexpected shape:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Stable serialization: keys sorted so the same state is the same bytes. */
export function serializeState(state: PublishState): string {
  const sorted = (rec: Record<string, unknown>) => Object.fromEntries(Object.keys(rec).sort().map((k) => [k, rec[k]]));
  return `${JSON.stringify(
    {
      version: state.version,
      inputFingerprint: state.inputFingerprint,
      rejected: state.rejected,
      articles: sorted(state.articles),
      summaries: sorted(state.summaries),
      objects: sorted(state.objects),
    },
    null,
    1,
  )}\n`;
}
