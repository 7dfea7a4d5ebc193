import * as z from 'zod';
import { ConfigError } from './config.js';

const ContentInMemorySchema = z.object({ FEEDWRIGHT_CONTENT_IN_MEMORY: z.coerce.number().int().min(0).optional() });

/**
 * `FEEDWRIGHT_CONTENT_IN_MEMORY`: past how many changed articles a run stops keeping their HTML between
 * parsing and rendering (see `SiteDeps.contentInMemory`); unset, the core's default. An operator lowers
 * it for a small function, or sets it to 0 to keep memory flat at any size (every page then reads its
 * source twice).
 */
export function contentInMemoryFrom(env: Record<string, string | undefined>): { contentInMemory?: number } {
  const parsed = ContentInMemorySchema.safeParse({ FEEDWRIGHT_CONTENT_IN_MEMORY: env.FEEDWRIGHT_CONTENT_IN_MEMORY?.trim() || undefined });
  if (!parsed.success) throw new ConfigError(`environment: FEEDWRIGHT_CONTENT_IN_MEMORY must be a whole number of articles, 0 or more\n${z.prettifyError(parsed.error)}`, 'environment');
  const value = parsed.data.FEEDWRIGHT_CONTENT_IN_MEMORY;
  return value === undefined ? {} : { contentInMemory: value };
}
