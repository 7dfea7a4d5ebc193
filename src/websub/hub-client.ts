/**
 * The port through which a publish tells a WebSub hub that a topic (a feed URL) changed. The core only
 * calls it; adapters inject an implementation (`createFetchHubClient`), as they inject the `Store`.
 * `notify` resolves when the hub accepted the notification and throws otherwise; `signal` ends it early
 * (the run's WebSub budget ran out).
 */
export interface HubClient {
  notify(hub: string, topic: string, signal?: AbortSignal): Promise<void>;
}

export class HubRejectedError extends Error {
  override readonly name = 'HubRejectedError';
  constructor(
    readonly hub: string,
    readonly status: number,
  ) {
    super(`hub ${hub} answered HTTP ${status}`);
  }
}

const TIMEOUT_MS = 10_000;

/**
 * WebSub publisher notification over HTTP: a form-encoded POST of `hub.mode=publish` and `hub.url=<topic>`
 * (the convention hubs accept; the W3C Recommendation leaves the publisher–hub step open). Any 2xx is
 * success.
 */
export function createFetchHubClient(fetchImpl: typeof fetch = fetch): HubClient {
  return {
    async notify(hub, topic, signal) {
      const timeout = AbortSignal.timeout(TIMEOUT_MS);
      const response = await fetchImpl(hub, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString(),
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status > 299) throw new HubRejectedError(hub, response.status);
    },
  };
}
