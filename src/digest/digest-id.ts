import * as z from 'zod';

/** Longest digest id: it becomes a URL path segment and a log field, so it stays short. */
export const MAX_DIGEST_ID_LENGTH = 40;

/**
 * A digest id as a caller may name it (flag, payload, schedule event): lowercase words joined by single
 * dashes. Checked before the id is used or echoed anywhere; the length check comes first so a huge id is
 * refused without running the pattern over it.
 */
export const DigestIdSchema = z
  .string()
  .max(MAX_DIGEST_ID_LENGTH, { error: `at most ${MAX_DIGEST_ID_LENGTH} characters`, abort: true })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters and digits, words joined by single dashes (e.g. "daily" or "tech-weekly")');
