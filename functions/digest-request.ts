import type { Config } from '../src/config/config.js';
import { assertBackfillWithinCap, assertNotAhead, findDigest } from '../src/digest/index.js';
import { FeedwrightError } from '../src/errors/index.js';
import { ValidationError } from './errors.js';

/**
 * What a digest event asks of the config and the clock, checked before any work (no lease, no state read):
 * the digest exists, the time is not ahead, a backfill fits. Refused as a bad event, with the core's code.
 */
export function checkDigestRequest(config: Config, source: string, request: { digestId: string; at: Date; since?: Date | undefined; now: Date }): void {
  try {
    const digest = findDigest(config, request.digestId);
    assertNotAhead(request.at, request.now);
    if (request.since) assertBackfillWithinCap(digest, request.since, request.at);
  } catch (error) {
    if (error instanceof FeedwrightError) throw new ValidationError(error.message, source, { code: error.code, cause: error });
    throw error;
  }
}
