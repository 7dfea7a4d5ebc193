import { describe, expect, it } from 'vitest';
import { issueDigest } from '../../src/digest/index.js';
import type { HubClient } from '../../src/websub/index.js';
import { digestSite, makeConfig, makeItem } from './helpers.js';

const HUB = 'https://hub.example/';
const FEEDS = ['feed.xml', 'atom.xml', 'feed.json'].map((f) => `https://news.example/digests/daily/${f}`).sort();

function setup(client: HubClient) {
  const config = makeConfig({ feed: { hub: HUB } });
  const site = digestSite([makeItem({ id: 'a1', published: '2026-11-26T09:00:00Z' }), makeItem({ id: 'a2', published: '2026-11-27T09:00:00Z' })]);
  return { ...site, deps: (clockIso: string) => ({ ...site.deps(config, clockIso), hub: client, hubOptions: { retryDelaysMs: [], wait: async () => undefined } }) };
}

describe('digest WebSub pings', () => {
  it('pings the digest feeds a new issue changed, once its state is saved; nothing when re-issued', async () => {
    const pings: { hub: string; topic: string; stateSaved: boolean }[] = [];
    const env = setup({
      async notify(hub, topic) {
        pings.push({ hub, topic, stateSaved: env.state.objects.has('digests/daily.json') });
      },
    });
    const report = await issueDigest(env.deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    expect(pings.map((p) => p.topic).sort()).toEqual(FEEDS);
    expect(pings.every((p) => p.hub === HUB && p.stateSaved)).toBe(true);
    expect(report.websub?.notified.sort()).toEqual(FEEDS);
    expect(report.websub?.failed).toEqual([]);

    pings.length = 0;
    const again = await issueDigest(env.deps('2026-11-27T08:00:00Z'), { digestId: 'daily' });
    expect(again.written).toEqual([]);
    expect(pings).toEqual([]);

    await issueDigest(env.deps('2026-11-28T07:05:00Z'), { digestId: 'daily' });
    expect(pings.map((p) => p.topic).sort()).toEqual(FEEDS);
  });

  it('a hub that is down is reported in the digest run report and never fails the run', async () => {
    const env = setup({
      async notify() {
        throw new Error('connection refused');
      },
    });
    const report = await issueDigest(env.deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    expect(report.issues).toEqual(['2026-11-27']);
    expect(report.websub?.notified).toEqual([]);
    expect(report.websub?.failed.map((f) => f.topic).sort()).toEqual(FEEDS);
    expect(report.websub?.failed.every((f) => f.reason === 'connection refused')).toBe(true);
    expect(env.state.objects.has('digests/daily.json')).toBe(true);
  });
});

describe('digest sitemap', () => {
  it('lists the index and every issue page, sorted, and is rewritten only when an issue is added', async () => {
    const env = setup({ async notify() {} });
    await issueDigest(env.deps('2026-11-27T07:05:00Z'), { digestId: 'daily' });
    const text = () => new TextDecoder().decode(env.output.objects.get('digests/daily/sitemap.xml')?.body);
    expect(text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        '<url><loc>https://news.example/digests/daily/2026-11-27.html</loc></url>\n<url><loc>https://news.example/digests/daily/index.html</loc></url>\n</urlset>\n',
    );
    const again = await issueDigest(env.deps('2026-11-27T09:00:00Z'), { digestId: 'daily' });
    expect(again.written).toEqual([]);
    const next = await issueDigest(env.deps('2026-11-28T07:05:00Z'), { digestId: 'daily' });
    expect(next.written).toContain('digests/daily/sitemap.xml');
    expect(text()).toContain('<loc>https://news.example/digests/daily/2026-11-28.html</loc>');
    expect(text()).toContain('<loc>https://news.example/digests/daily/2026-11-27.html</loc>');
  });
});
