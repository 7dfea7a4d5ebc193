import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { createFetchHubClient } from '../../src/websub/index.js';

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

function setup(hub: string) {
  const config = parseConfig({ site: { title: 'Hub Site', baseUrl: 'https://site.example/' }, feed: { hub } });
  const input = createMemoryStore({ 'a.md': story(1, 'science'), 'b.md': story(2, 'space') });
  const output = createMemoryStore();
  const state = createMemoryStore();
  const waits: number[] = [];
  const deps = (now: string) => ({
    config,
    input,
    output,
    state,
    clock: fixedClock(now),
    log: silentLogger,
    hub: createFetchHubClient(),
    hubOptions: { retryDelaysMs: [10, 20], wait: async (ms: number) => void waits.push(ms) },
  });
  return { input, output, deps, waits };
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
    // Three attempts per topic: two waits each, growing.
    expect(hub.pings).toHaveLength(27);
    expect(env.waits.slice(0, 2)).toEqual([10, 20]);
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
});
