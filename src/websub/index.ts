export { createFetchHubClient, HubRejectedError, type HubClient } from './hub-client.js';
export { DEFAULT_HUB_BUDGET_MS, notifyHub, type HubNotifyOptions, type HubNotifyResult } from './notify-hub.js';
export { PENDING_PINGS_KEY, pingChangedFeeds, type FeedPingDeps, type FeedPingResult } from './ping-changed-feeds.js';
