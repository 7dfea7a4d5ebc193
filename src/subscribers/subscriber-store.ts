import * as z from 'zod';
import { FeedwrightError } from '../errors/index.js';
import { forEachLimited } from '../publish/sync-objects.js';
import type { Store } from '../storage/store.js';
import { subscriberId } from './address.js';
import { type Subscriber, SubscriberSchema } from './subscriber.js';

/** The subscriber port: one record per digest and address. DynamoDB or a database would fit behind it too. */
export interface SubscriberStore {
  get(digestId: string, address: string): Promise<Subscriber | null>;
  /** By the id tokens carry (see `subscriberId`). */
  getById(digestId: string, id: string): Promise<Subscriber | null>;
  put(digestId: string, subscriber: Subscriber): Promise<void>;
  /** Forgets an address entirely (the operator's `remove`): nothing about the person is kept. */
  delete(digestId: string, address: string): Promise<void>;
  list(digestId: string): Promise<Subscriber[]>;
  /** Every digest that has at least one record (bounces apply to an address across digests). */
  digests(): Promise<string[]>;
}

export class SubscriberRecordError extends FeedwrightError {
  override readonly name = 'SubscriberRecordError' as const;
  readonly code = 'corrupt-subscriber-record';
  override readonly exitCode = 3;
  constructor(
    readonly key: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${key}: ${reason}`, options);
  }
}

export const SUBSCRIBERS_PREFIX = 'subscribers/';

export function subscriberKey(digestId: string, id: string): string {
  return `${SUBSCRIBERS_PREFIX}${digestId}/${id}.json`;
}

const JSON_META = { contentType: 'application/json; charset=utf-8', cacheControl: 'no-store' };

/**
 * Subscribers as JSON objects in a `Store` (a local folder, or S3 under the private state prefix): no
 * new service to run, a digest's list is one prefix listing, and each address is its own object so
 * concurrent sign-ups for different addresses never overwrite each other.
 */
export function createStoreSubscriberStore(store: Store): SubscriberStore {
  const read = async (key: string): Promise<Subscriber | null> => {
    const bytes = await store.read(key);
    if (bytes === null) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(bytes));
    } catch (cause) {
      throw new SubscriberRecordError(key, 'not valid JSON', { cause });
    }
    const parsed = SubscriberSchema.safeParse(raw);
    if (!parsed.success) throw new SubscriberRecordError(key, z.prettifyError(parsed.error));
    return parsed.data;
  };
  const getById = (digestId: string, id: string) => read(subscriberKey(digestId, id));
  return {
    get: (digestId, address) => getById(digestId, subscriberId(address)),
    getById,
    async put(digestId, subscriber) {
      const valid = SubscriberSchema.parse(subscriber);
      await store.write(subscriberKey(digestId, subscriberId(valid.address)), `${JSON.stringify(valid, null, 2)}\n`, JSON_META);
    },
    async delete(digestId, address) {
      await store.delete(subscriberKey(digestId, subscriberId(address)));
    },
    async list(digestId) {
      const keys = await store.list(`${SUBSCRIBERS_PREFIX}${digestId}/`);
      const records: Subscriber[] = [];
      await forEachLimited(
        keys.filter((k) => k.endsWith('.json')),
        16,
        async (key) => {
          const record = await read(key);
          if (record !== null) records.push(record);
        },
      );
      return records.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    },
    async digests() {
      const keys = await store.list(SUBSCRIBERS_PREFIX);
      return [...new Set(keys.map((k) => k.slice(SUBSCRIBERS_PREFIX.length).split('/')[0] ?? '').filter((d) => d !== ''))].sort();
    },
  };
}
