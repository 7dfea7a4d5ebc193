import * as z from 'zod';
import type { ProcessedSource } from '../articles/index.js';
import type { ProcessRequest } from '../publish/process-sources.js';
import type { SourceRef } from '../publish/source-processor.js';
import { STATE_OBJECT_META } from '../storage/index.js';
import type { Store } from '../storage/store.js';
import { CorruptWorkError } from './fanout-error.js';

const SourceRefSchema = z.object({ path: z.string().min(1), version: z.string() });

/** Written last when a run is planned: its jobs exist and their messages were sent. */
export const PlanSchema = z.object({
  runId: z.string(),
  requestHash: z.string(),
  batches: z.number().int().positive(),
  sources: z.number().int().nonnegative(),
  /** When the messages were (last) sent: an incomplete plan older than the resend age is sent again. */
  enqueuedAt: z.iso.datetime(),
});
export type Plan = z.infer<typeof PlanSchema>;

/** One unit of work: which sources (at which versions) and the per-source stage's settings. */
export const JobSchema = z.object({
  runId: z.string(),
  batch: z.number().int().nonnegative(),
  request: z.object({
    siteUrl: z.string(),
    maxBytes: z.number(),
    summary: z.object({ sentences: z.number(), words: z.number().optional() }),
    language: z.string(),
    reuseSummaries: z.record(z.string(), z.string()),
  }),
  sources: z.array(SourceRefSchema),
});
export type Job = z.infer<typeof JobSchema>;

// The processed source is our own plain-data output; only its envelope is checked here, the rest is
// checked again by the derive stage's article schema.
const ProcessedSourceSchema = z.looseObject({
  path: z.string(),
  articles: z.array(z.unknown()),
  rejected: z.array(z.object({ path: z.string(), reason: z.string() })),
  warnings: z.array(z.object({ path: z.string(), reason: z.string() })),
  drafts: z.array(z.string()),
});

/** A unit's stored output: per source, the version actually read and what the stage made of it. */
export const BatchOutputSchema = z.object({
  runId: z.string(),
  batch: z.number().int().nonnegative(),
  results: z.array(
    z.object({
      path: z.string(),
      version: z.string(),
      processed: ProcessedSourceSchema.optional(),
      unreadable: z.string().optional(),
    }),
  ),
});
export type BatchOutput = Omit<z.infer<typeof BatchOutputSchema>, 'results'> & {
  results: { path: string; version: string; processed?: ProcessedSource; unreadable?: string }[];
};

/** A batch that went to the dead-letter queue: its sources are rejected, the rest is published. */
export const FailedBatchSchema = z.object({
  runId: z.string(),
  batch: z.number().int().nonnegative(),
  reason: z.string(),
  sources: z.array(SourceRefSchema),
});
export type FailedBatch = z.infer<typeof FailedBatchSchema>;

/** A batch that kept failing and was split in two: its halves run as batches of their own. */
export const SplitBatchSchema = z.object({
  runId: z.string(),
  batch: z.number().int().nonnegative(),
  children: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  reason: z.string(),
});
export type SplitBatch = z.infer<typeof SplitBatchSchema>;

export const BatchErrorSchema = z.object({ runId: z.string(), batch: z.number().int().nonnegative(), error: z.string() });
export type BatchError = z.infer<typeof BatchErrorSchema>;

/** The source path a summary-reuse key names (keys are `path` or `path#n`). */
export function reuseKeyPath(key: string): string {
  const hashAt = key.indexOf('#');
  return hashAt < 0 ? key : key.slice(0, hashAt);
}

export async function writeWork(store: Store, key: string, value: Plan | Job | BatchOutput | FailedBatch | SplitBatch | BatchError): Promise<void> {
  await store.write(key, JSON.stringify(value), STATE_OBJECT_META);
}

export async function readWork<T extends z.ZodType>(store: Store, key: string, schema: T): Promise<z.infer<T> | null> {
  const bytes = await store.read(key);
  if (bytes === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new CorruptWorkError(key, 'not JSON', { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CorruptWorkError(key, z.prettifyError(parsed.error));
  return parsed.data;
}

export function requestOf(job: Job): ProcessRequest {
  const { words, sentences } = job.request.summary;
  return { ...job.request, summary: { sentences, ...(words !== undefined ? { words } : {}) } };
}

export type { SourceRef };
