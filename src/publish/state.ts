import { z } from 'zod';
import type { Store } from '../storage/store.js';
import { FeedwrightError } from '../errors/index.js';

export const STATE_KEY = '_feedwright/state.json';
/** A small digest of the state, written after it, so a no-change run need not read the (large) state. */
export const SUMMARY_KEY = '_feedwright/last-run.json';

export const RunSummarySchema = z.object({
  inputFingerprint: z.string(),
  /** Every object the run published: one missing from the store (deleted by hand) forces a full run. */
  objectKeys: z.array(z.string()),
  articles: z.number(),
  rejected: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** The last run's summary, or null when missing or unreadable (then the full state decides). */
export async function readRunSummary(store: Store): Promise<RunSummary | null> {
  const bytes = await store.read(SUMMARY_KEY);
  if (bytes === null) return null;
  try {
    const parsed = RunSummarySchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const ArticleRecordSchema = z.object({
  id: z.string(),
  firstSeen: z.string(),
  contentHash: z.string(),
  updated: z.string(),
  slug: z.string(),
});

const PersonStateSchema = z.object({ name: z.string(), email: z.string().optional(), url: z.string().optional() });

/** A published article without its content: enough for the index, OPML ordering and digests. */
const CachedItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string(),
  summary: z.string(),
  published: z.string(),
  updated: z.string(),
  authors: z.array(PersonStateSchema),
  categories: z.array(z.string()),
  image: z.string().optional(),
  lang: z.string().optional(),
  slug: z.string(),
  sourcePath: z.string(),
});
export type CachedItem = z.infer<typeof CachedItemSchema>;

const SourceRecordSchema = z.object({
  /** The input store's version token (ETag, size+mtime+inode) when this source was last parsed. */
  version: z.string(),
  rejected: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type SourceRecord = z.infer<typeof SourceRecordSchema>;

export const PublishStateSchema = z.object({
  version: z.literal(1),
  /** Per source article: id, first-seen time, content hash, slug — what keeps ids and dates stable. */
  articles: z.record(z.string(), ArticleRecordSchema),
  /**
   * `<summarizer version>:<budget>` of the summaries in `items`: while it is unchanged, an article whose
   * content hash is unchanged keeps its summary even when it is parsed again.
   */
  summaryKey: z.string().optional(),
  /** Hash of every object this publisher wrote, by key: drives skip-unchanged and stale deletes. */
  objects: z.record(z.string(), z.string()),
  /**
   * Hash of everything the output depends on (config, code versions, every source's version token).
   * Equal on the next run → nothing can have changed, and no source needs to be read.
   */
  inputFingerprint: z.string().optional(),
  /** Rejections of the run that wrote this state, so a no-change run still reports them. */
  rejected: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  /** Hash of the settings every page depends on; the item cache is reused only while it is equal. */
  renderKey: z.string().optional(),
  /** Per source path: version token and rejections, so unchanged sources are neither read nor parsed. */
  sources: z.record(z.string(), SourceRecordSchema).default({}),
  /** Per article key: the item without content, reused while its source is unchanged. */
  items: z.record(z.string(), CachedItemSchema).default({}),
});
export type PublishState = z.infer<typeof PublishStateSchema>;

export function emptyState(): PublishState {
  return { version: 1, articles: {}, objects: {}, sources: {}, items: {} };
}

export class StateError extends FeedwrightError {
  override readonly name = 'StateError' as const;
  readonly code = 'corrupt-state';
  override readonly exitCode = 3;
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

/** Stable serialization: keys sorted so the same state is the same bytes; compact, as it holds every article. */
export function serializeState(state: PublishState): string {
  const sorted = (rec: Record<string, unknown>) => Object.fromEntries(Object.keys(rec).sort().map((k) => [k, rec[k]]));
  return `${JSON.stringify(
    {
      version: state.version,
      inputFingerprint: state.inputFingerprint,
      rejected: state.rejected,
      renderKey: state.renderKey,
      sources: sorted(state.sources),
      items: sorted(state.items),
      articles: sorted(state.articles),
      summaryKey: state.summaryKey,
      objects: sorted(state.objects),
    },
  )}\n`;
}
