import type { HubClient } from './hub-client.js';

export interface HubNotifyResult {
  /** Topics the hub accepted. */
  notified: string[];
  /** Topics the hub never accepted after every attempt, with the last reason. */
  failed: { topic: string; reason: string }[];
}

export interface HubNotifyOptions {
  /** Waits between attempts; the last attempt is not followed by a wait. Default 1 s, then 5 s. */
  retryDelaysMs?: number[];
  /** Injected so tests (and the core) never wait on a real timer they do not control. */
  wait?: (ms: number) => Promise<void>;
}

const DEFAULT_DELAYS = [1_000, 5_000];
const realWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Notifies the hub once per topic, one topic at a time, retrying each with backoff. Never throws: a hub
 * that is down must not fail a publish whose feeds are already written; the failures are returned.
 */
export async function notifyHub(client: HubClient, hub: string, topics: string[], options: HubNotifyOptions = {}): Promise<HubNotifyResult> {
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  const wait = options.wait ?? realWait;
  const result: HubNotifyResult = { notified: [], failed: [] };
  for (const topic of [...new Set(topics)]) {
    let reason = '';
    let accepted = false;
    for (let attempt = 0; attempt <= delays.length && !accepted; attempt++) {
      try {
        await client.notify(hub, topic);
        accepted = true;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
        const delay = delays[attempt];
        if (delay !== undefined && attempt < delays.length) await wait(delay);
      }
    }
    if (accepted) result.notified.push(topic);
    else result.failed.push({ topic, reason });
  }
  return result;
}
