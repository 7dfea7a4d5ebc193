import * as z from 'zod';
import type { Config } from '../config/config.js';
import { absoluteUrl } from '../feeds/site-paths.js';
import type { Logger } from '../publish/logger.js';
import type { RunReport } from '../publish/run-report.js';
import { STATE_OBJECT_META } from '../storage/content-type.js';
import type { Store } from '../storage/store.js';
import type { HubClient } from './hub-client.js';
import { type HubNotifyOptions, notifyHub } from './notify-hub.js';

/**
 * Feeds the hub has not accepted yet, in the state store: written before a run pings (a run killed while
 * pinging leaves them to the next), then cut to the topics the hub did not accept. The next publish or
 * digest run that pings (one whose own feeds changed) tells the hub about them again with its own.
 * Kept apart from the state manifest, so it never makes a no-change run look changed.
 */
export const PENDING_PINGS_KEY = 'websub-pending.json';

const PendingPingsSchema = z.object({ hub: z.string(), topics: z.array(z.string()) });

export interface FeedPingDeps {
  config: Config;
  state: Store;
  log: Logger;
  /** Absent in an adapter with no hub client: every topic is reported failed (and kept pending). */
  hub?: HubClient;
  hubOptions?: HubNotifyOptions;
}

export interface FeedPingResult {
  websub: NonNullable<RunReport['websub']>;
  /** The pending record's key when this run left topics in it (for the run report's `stateWritten`). */
  stateWritten: string[];
}

/**
 * After a run's feeds are written and its state is saved: one notification per changed feed (output keys,
 * already filtered to subscription feeds), plus the feeds an earlier run could not tell the hub about.
 * Never throws for the hub's sake; undefined when no hub is configured.
 */
export async function pingChangedFeeds(deps: FeedPingDeps, changedFeedKeys: string[]): Promise<FeedPingResult | undefined> {
  const hub = deps.config.feed.hub;
  if (!hub) return undefined;
  const pending = await readPendingPings(deps.state, hub, deps.log);
  const topics = [...new Set([...changedFeedKeys.map((key) => absoluteUrl(deps.config.site.baseUrl, key)), ...pending])];
  if (topics.length === 0) return { websub: { notified: [], failed: [] }, stateWritten: [] };
  await writePendingPings(deps.state, hub, topics);
  let websub: FeedPingResult['websub'];
  if (deps.hub) websub = await notifyHub(deps.hub, hub, topics, deps.hubOptions);
  else {
    deps.log.warn('feed.hub is set but this adapter has no hub client: the hub was not notified', { hub });
    websub = { notified: [], failed: topics.map((topic) => ({ topic, reason: 'no hub client' })) };
  }
  for (const f of websub.failed) deps.log.warn('hub notification failed; the next run that pings retries it', { hub, topic: f.topic, reason: f.reason });
  if (websub.failed.length === 0) {
    await deps.state.delete(PENDING_PINGS_KEY);
    return { websub, stateWritten: [] };
  }
  await writePendingPings(deps.state, hub, websub.failed.map((f) => f.topic));
  return { websub, stateWritten: [PENDING_PINGS_KEY] };
}

/** Topics pending for this hub; a record for another hub (the config changed) or an unreadable one is dropped. */
async function readPendingPings(state: Store, hub: string, log: Logger): Promise<string[]> {
  const bytes = await state.read(PENDING_PINGS_KEY);
  if (bytes === null) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    raw = undefined;
  }
  const parsed = PendingPingsSchema.safeParse(raw);
  if (!parsed.success) {
    log.warn('unreadable record of pending WebSub pings: dropped', { key: PENDING_PINGS_KEY });
    return [];
  }
  return parsed.data.hub === hub ? parsed.data.topics : [];
}

async function writePendingPings(state: Store, hub: string, topics: string[]): Promise<void> {
  await state.write(PENDING_PINGS_KEY, `${JSON.stringify({ hub, topics: [...topics].sort() })}\n`, STATE_OBJECT_META);
}
