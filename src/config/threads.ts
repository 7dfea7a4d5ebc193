import * as z from 'zod';
import { ConfigError } from './config.js';

export const MAX_THREADS = 16;

const ThreadsSchema = z.object({ FEEDWRIGHT_THREADS: z.coerce.number().int().min(0).max(MAX_THREADS).optional() });

/**
 * `FEEDWRIGHT_THREADS`: how many worker threads share the per-source stage with the main thread (0: none);
 * unset, one per core beyond the first, and only for runs with many changed sources. Set, it applies to
 * every run that has sources to process (how the tests run small sites on a worker).
 */
export function threadsFrom(env: Record<string, string | undefined>): { threads?: number } {
  const parsed = ThreadsSchema.safeParse({ FEEDWRIGHT_THREADS: env.FEEDWRIGHT_THREADS?.trim() || undefined });
  if (!parsed.success) throw new ConfigError(`environment: FEEDWRIGHT_THREADS must be a whole number of worker threads, 0 to ${MAX_THREADS}\n${z.prettifyError(parsed.error)}`, 'environment');
  const value = parsed.data.FEEDWRIGHT_THREADS;
  return value === undefined ? {} : { threads: value };
}
