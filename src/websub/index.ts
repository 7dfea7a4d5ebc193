export { createFetchHubClient, HubRejectedError, type HubClient } from './hub-client.js';
export { notifyHub, type HubNotifyOptions, type HubNotifyResult } from './notify-hub.js';
