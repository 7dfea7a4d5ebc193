import { forEachLimited } from '../publish/sync-objects.js';
import type { HubClient } from './hub-client.js';

export interface HubNotifyResult {
  /** Topics the hub accepted. */
  notified: string[];
  /** Topics the hub never accepted (every attempt failed, or the budget ran out first), with the last reason. */
  failed: { topic: string; reason: string }[];
}

export interface HubNotifyOptions {
  /** Waits between attempts; the last attempt is not followed by a wait. Default 0.5 s, then 1.5 s. */
  retryDelaysMs?: number[];
  /** Injected so tests (and the core) never wait on a real timer they do not control. Resolves early on abort. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Time for all of a run's notifications together (default 5 s): a dead hub costs a run at most this. */
  budgetMs?: number;
  /** Ends the notifications early, as the budget running out does (tests; an adapter near its deadline). */
  signal?: AbortSignal;
  /** Notifications in flight at once (default 4). */
  concurrency?: number;
}

export const DEFAULT_HUB_BUDGET_MS = 5_000;
const DEFAULT_DELAYS = [500, 1_500];
const DEFAULT_CONCURRENCY = 4;

function realWait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Notifies the hub once per topic, a few topics at a time, retrying each with backoff, all within one
 * time budget: the run's state is already saved when this runs, but a Lambda deadline still counts every
 * second a hub that refuses or never answers holds the run. Never throws: a hub that is down must not fail
 * a run whose feeds are written; every topic it did not accept is returned as failed, with the reason.
 */
export async function notifyHub(client: HubClient, hub: string, topics: string[], options: HubNotifyOptions = {}): Promise<HubNotifyResult> {
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  const wait = options.wait ?? realWait;
  const budgetMs = options.budgetMs ?? DEFAULT_HUB_BUDGET_MS;
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(), budgetMs);
  const signal = options.signal ? AbortSignal.any([budget.signal, options.signal]) : budget.signal;
  const outOfTime = `not accepted within the run's WebSub budget (${budgetMs} ms)`;
  const accepted = new Set<string>();
  const reasons = new Map<string, string>();
  const unique = [...new Set(topics)];
  try {
    await forEachLimited(unique, options.concurrency ?? DEFAULT_CONCURRENCY, async (topic) => {
      for (let attempt = 0; attempt <= delays.length && !signal.aborted; attempt++) {
        try {
          await client.notify(hub, topic, signal);
          accepted.add(topic);
          return;
        } catch (error) {
          if (signal.aborted) break;
          reasons.set(topic, error instanceof Error ? error.message : String(error));
          const delay = delays[attempt];
          if (delay !== undefined) await wait(delay, signal);
        }
      }
      if (signal.aborted) reasons.set(topic, reasons.has(topic) ? `${reasons.get(topic)}; then ${outOfTime}` : outOfTime);
    });
  } finally {
    clearTimeout(timer);
  }
  return {
    notified: unique.filter((topic) => accepted.has(topic)),
    failed: unique.filter((topic) => !accepted.has(topic)).map((topic) => ({ topic, reason: reasons.get(topic) ?? outOfTime })),
  };
}
