import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { STATE_KEY, SUMMARY_KEY } from '../../src/publish/state.js';
import { type HubClient, PENDING_PINGS_KEY, createFetchHubClient } from '../../src/websub/index.js';

interface Ping {
  contentType: string | undefined;
  mode: string | null;
  url: string | null;
}

/** A WebSub hub stub on 127.0.0.1: records every publish notification; answers `status` (a list cycles). */
async function startHub(statuses: number[] = [204]): Promise<{ url: string; pings: Ping[]; server: Server }> {
  const pings: Ping[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      pings.push({ contentType: req.headers['content-type'], mode: form.get('hub.mode'), url: form.get('hub.url') });
      res.statusCode = statuses[Math.min(n++, statuses.length - 1)] ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`, pings, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const story = (n: number, category: string) => `---\ntitle: Story ${n}\ndate: 2026-01-${String(10 + n).padStart(2, '0')}\ncategories: [${category}]\n---\n\nSentence one of story ${n}. Sentence two.\n`;

/** A hub that accepts every connection and never answers: each ping hangs until it is aborted. */
async function startSilentHub(): Promise<{ url: string; server: Server }> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`, server };
}

function setup(hub: string) {
  const config = parseConfig({ site: { title: 'Hub Site', baseUrl: 'https://site.example/' }, feed: { hub } });
  const input = createMemoryStore({ 'a.md': story(1, 'science'), 'b.md': story(2, 'space') });
  const output = createMemoryStore();
  const state = createMemoryStore();
  const waits: number[] = [];
  const deps = (now: string, client: HubClient = createFetchHubClient(), budgetMs?: number) => ({
    config,
    input,
    output,
    state,
    clock: fixedClock(now),
    log: silentLogger,
    hub: client,
    hubOptions: { retryDelaysMs: [10, 20], wait: async (ms: number) => void waits.push(ms), ...(budgetMs !== undefined ? { budgetMs } : {}) },
  });
  return { input, output, state, deps, waits };
}

const FEEDS = ['feed.xml', 'atom.xml', 'feed.json'];
const urls = (prefix: string) => FEEDS.map((f) => `https://site.example/${prefix}${f}`);

describe('WebSub', () => {
  it('advertises the hub in RSS, Atom and JSON Feed', async () => {
    const hub = await startHub();
    servers.push(hub.server);
    const env = setup(hub.url);
    await publishSite(env.deps('2026-02-01T00:00:00Z'));
    const text = (k: string) => new TextDecoder().decode(env.output.objects.get(k)?.body);
    expect(text('feed.xml')).toContain(`<atom:link href="${hub.url}" rel="hub"/>`);
    expect(text('categories/space/atom.xml')).toContain(`<link rel="hub" href="${hub.url}"/>`);
    expect(JSON.parse(text('feed.json')).hubs).toEqual([{ type: 'WebSub', url: hub.url }]);
  });

  it('pings once per changed feed topic, and not at all when nothing changed', async () => {
    const hub = await startHub();
    servers.push(hub.server);
    const env = setup(hub.url);
    const first = await publishSite(env.deps('2026-02-01T00:00:00Z'));
    const everyFeed = [...urls(''), ...urls('categories/science/'), ...urls('categories/space/')].sort();
    expect(hub.pings.map((p) => p.url).sort()).toEqual(everyFeed);
    expect(hub.pings.every((p) => p.mode === 'publish' && p.contentType === 'application/x-www-form-urlencoded')).toBe(true);
    expect(first.websub?.notified.sort()).toEqual(everyFeed);

    hub.pings.length = 0;
    const again = await publishSite(env.deps('2026-02-01T01:00:00Z'));
    expect(again.written).toEqual([]);
    expect(hub.pings).toEqual([]);

    // A new science article changes the site feeds and the science feeds only.
    await env.input.write('c.md', story(3, 'science'), { contentType: '', cacheControl: '' });
    await publishSite(env.deps('2026-02-02T00:00:00Z'));
    expect(hub.pings.map((p) => p.url).sort()).toEqual([...urls(''), ...urls('categories/science/')].sort());
  });

  it('retries with backoff; a hub that keeps failing is reported and never fails the publish', async () => {
    const hub = await startHub([500]);
    servers.push(hub.server);
    const env = setup(hub.url);
    const report = await publishSite(env.deps('2026-02-01T00:00:00Z'));
    expect(env.output.objects.has('feed.xml')).toBe(true);
    expect(report.websub?.notified).toEqual([]);
    expect(report.websub?.failed).toHaveLength(9);
    expect(report.websub?.failed[0]?.reason).toMatch(/HTTP 500/);
    // Three attempts per topic: two waits each, growing (topics in flight together interleave theirs).
    expect(hub.pings).toHaveLength(27);
    expect(env.waits.filter((ms) => ms === 10)).toHaveLength(9);
    expect(env.waits.filter((ms) => ms === 20)).toHaveLength(9);
    expect(env.waits).toHaveLength(18);
  });

  it('a hub that fails once is retried and counts as notified', async () => {
    const hub = await startHub([503, 204]);
    servers.push(hub.server);
    const env = setup(hub.url);
    const report = await publishSite(env.deps('2026-02-01T00:00:00Z'));
    expect(report.websub?.failed).toEqual([]);
    expect(report.websub?.notified).toHaveLength(9);
    expect(hub.pings).toHaveLength(10);
  });

  it('an unreachable hub is reported, the site is still published', async () => {
    const hub = await startHub();
    const closed = hub.url;
    await new Promise((resolve) => hub.server.close(resolve));
    const env = setup(closed);
    const report = await publishSite(env.deps('2026-02-01T00:00:00Z'));
    expect(env.output.objects.has('index.html')).toBe(true);
    expect(report.websub?.failed.length).toBe(9);
  });

  it('saves the state and run summary before the first ping', async () => {
    const env = setup('https://hub.example/');
    const seen: { state: boolean; summary: boolean }[] = [];
    const client: HubClient = {
      async notify() {
        seen.push({ state: env.state.objects.has(STATE_KEY), summary: env.state.objects.has(SUMMARY_KEY) });
      },
    };
    const report = await publishSite(env.deps('2026-02-01T00:00:00Z', client));
    expect(report.websub?.notified).toHaveLength(9);
    expect(seen).toHaveLength(9);
    expect(seen.every((s) => s.state && s.summary)).toBe(true);
  });

  it('pings several feeds at once', async () => {
    const env = setup('https://hub.example/');
    let inFlight = 0;
    let most = 0;
    const client: HubClient = {
      async notify() {
        most = Math.max(most, ++inFlight);
        // Every ping waits until four are in flight: a run that pings one at a time never gets there.
        await new Promise<void>((resolve) => {
          const check = setInterval(() => {
            if (most >= 4) clearInterval(check), resolve();
          }, 1);
        });
        inFlight--;
      },
    };
    const report = await publishSite(env.deps('2026-02-01T00:00:00Z', client));
    expect(most).toBe(4);
    expect(report.websub?.notified).toHaveLength(9);
  }, 10_000);

  it('a hub that never answers costs at most the budget: every feed is reported failed, the state is saved', async () => {
    const hub = await startSilentHub();
    servers.push(hub.server);
    const env = setup(hub.url);
    const report = await publishSite(env.deps('2026-02-01T00:00:00Z', createFetchHubClient(), 200));
    expect(env.state.objects.has(STATE_KEY)).toBe(true);
    expect(report.websub?.notified).toEqual([]);
    expect(report.websub?.failed.map((f) => f.topic).sort()).toEqual([...urls(''), ...urls('categories/science/'), ...urls('categories/space/')].sort());
    expect(report.websub?.failed.every((f) => /WebSub budget \(200 ms\)/.test(f.reason))).toBe(true);
    // Still asleep on its sockets: the close must not wait for them.
    hub.server.closeAllConnections();
  }, 10_000);

  it('feeds the hub did not accept are pinged again by the next run that pings, then forgotten', async () => {
    const env = setup('https://hub.example/');
    const down: HubClient = {
      async notify() {
        throw new Error('connection refused');
      },
    };
    const first = await publishSite(env.deps('2026-02-01T00:00:00Z', down));
    expect(first.websub?.failed).toHaveLength(9);
    expect(first.stateWritten).toContain(PENDING_PINGS_KEY);

    const pinged: string[] = [];
    const up: HubClient = {
      async notify(_hub, topic) {
        pinged.push(topic);
      },
    };
    // Only the science feeds change in this run; the hub still hears of all nine.
    await env.input.write('c.md', story(3, 'science'), { contentType: '', cacheControl: '' });
    const second = await publishSite(env.deps('2026-02-02T00:00:00Z', up));
    const everyFeed = [...urls(''), ...urls('categories/science/'), ...urls('categories/space/')].sort();
    expect(pinged.sort()).toEqual(everyFeed);
    expect(second.websub?.failed).toEqual([]);
    expect(env.state.objects.has(PENDING_PINGS_KEY)).toBe(false);

    pinged.length = 0;
    await env.input.write('d.md', story(4, 'space'), { contentType: '', cacheControl: '' });
    await publishSite(env.deps('2026-02-03T00:00:00Z', up));
    expect(pinged.sort()).toEqual([...urls(''), ...urls('categories/space/')].sort());
  });
});
