import * as z from 'zod';
import type { Store } from '../storage/store.js';

/**
 * One object per issue and recipient in the state store, written before the send (`sending`) and after it
 * (`sent` / `failed`). The listing of `mail/<digest>/<date>/` is the truth of who was handled.
 */
export const SendRecordSchema = z.strictObject({
  version: z.literal(1),
  status: z.enum(['sending', 'sent', 'failed']),
  at: z.iso.datetime(),
  attempts: z.number().int().min(1),
  messageId: z.string().optional(),
  error: z.string().optional(),
  permanent: z.boolean().optional(),
});
export type SendRecord = z.infer<typeof SendRecordSchema>;

export function sendRecordPrefix(digestId: string, date: string): string {
  return `mail/${digestId}/${date}/`;
}

export function sendRecordKey(digestId: string, date: string, subscriberId: string): string {
  return `${sendRecordPrefix(digestId, date)}${subscriberId}.json`;
}

const JSON_META = { contentType: 'application/json; charset=utf-8', cacheControl: 'no-store' };

export async function writeSendRecord(state: Store, key: string, record: SendRecord): Promise<void> {
  await state.write(key, `${JSON.stringify(record)}\n`, JSON_META);
}

/** An unreadable record counts as `sending`: we cannot tell whether the mail went out, so it is not sent again. */
export async function readSendRecord(state: Store, key: string): Promise<SendRecord | null> {
  const bytes = await state.read(key);
  if (bytes === null) return null;
  try {
    return SendRecordSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return { version: 1, status: 'sending', at: new Date(0).toISOString(), attempts: 1, error: 'unreadable send record' };
  }
}
