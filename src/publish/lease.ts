// Placeholder with the agreed interface; replaced by the storage branch's implementation at merge.
import { FeedwrightError } from '../errors/index.js';
import type { Store } from '../storage/store.js';

export interface Lease {
  readonly owner: string;
  release(): Promise<void>;
}

export class LeaseHeldError extends FeedwrightError {
  override readonly name = 'LeaseHeldError' as const;
  readonly code = 'lease-held';
  override readonly exitCode = 3;
}

export async function acquireLease(
  _store: Store,
  options: { owner: string; now: () => Date; ttlMs?: number; key?: string },
): Promise<Lease> {
  return { owner: options.owner, release: async () => undefined };
}
