import { parseFeed } from 'feedsmith';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { describeWithConsumers } from '../support/consumers.js';
import { feedparse, xmlProblem } from '../support/feed-parsers.js';

const config = parseConfig({ site: { title: 'Pod Site', baseUrl: 'https://pod.example/' } });
const MP3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
const meta = { contentType: '', cacheControl: '' };

async function publish() {
  const input = createMemoryStore({
    'ep1.md': `---\ntitle: Episode 1\ndate: 2026-01-05\nenclosure: { url: media/ep1.mp3, length: 10, duration: "1:02:03" }\n---\n\nThe first episode.\n`,
    'ep2.md': `---\ntitle: Episode 2\ndate: 2026-01-06\nenclosure: { url: "https://cdn.example/ep2.m4a", length: 123456, type: audio/mp4 }\n---\n\nThe second episode.\n`,
    'bad.md': `---\ntitle: Bad\ndate: 2026-01-07\nenclosure: { url: "https://cdn.example/file.bin", length: 5 }\n---\n\nNo type.\n`,
  });
  await input.write('media/ep1.mp3', MP3, meta);
  const output = createMemoryStore();
  const report = await publishSite({ config, input, output, state: createMemoryStore(), clock: fixedClock('2026-02-01T00:00:00Z'), log: silentLogger });
  const text = (k: string) => new TextDecoder().decode(output.objects.get(k)?.body);
  return { output, report, text };
}

describe('audio and video enclosures (front matter `enclosure`)', () => {
  it('RSS enclosure with length and type, iTunes basics; rss-parser and feedsmith read them', async () => {
    const { text, output } = await publish();
    const rss = text('feed.xml');
    expect(xmlProblem(rss)).toBeNull();
    expect(rss).toContain('xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"');
    expect(rss).toContain('<itunes:explicit>false</itunes:explicit>');
    expect(rss).toContain('<itunes:duration>3723</itunes:duration>');
    const parsed = await new Parser().parseString(rss);
    const ep1 = parsed.items.find((i) => i.title === 'Episode 1');
    expect(ep1?.enclosure).toEqual({ url: 'https://pod.example/assets/media/ep1.mp3', length: '10', type: 'audio/mpeg' });
    expect(parsed.items.find((i) => i.title === 'Episode 2')?.enclosure).toEqual({ url: 'https://cdn.example/ep2.m4a', length: '123456', type: 'audio/mp4' });
    const smith = parseFeed(rss);
    if (smith.format !== 'rss') throw new Error('expected RSS');
    expect(smith.feed.items?.find((i) => i.title === 'Episode 2')?.enclosures?.[0]).toMatchObject({ url: 'https://cdn.example/ep2.m4a', length: 123456, type: 'audio/mp4' });
    // The local file is published with its audio type.
    expect(output.objects.get('assets/media/ep1.mp3')?.meta?.contentType).toBe('audio/mpeg');
    expect(output.objects.get('assets/media/ep1.mp3')?.body).toEqual(MP3);
  });

  it('Atom enclosure link and JSON Feed attachments', async () => {
    const { text } = await publish();
    expect(text('atom.xml')).toContain('<link rel="enclosure" type="audio/mp4" length="123456" href="https://cdn.example/ep2.m4a"/>');
    const json = JSON.parse(text('feed.json')) as { items: { title: string; attachments?: unknown[] }[] };
    expect(json.items.find((i) => i.title === 'Episode 1')?.attachments).toEqual([
      { url: 'https://pod.example/assets/media/ep1.mp3', mime_type: 'audio/mpeg', size_in_bytes: 10, duration_in_seconds: 3723 },
    ]);
  });

  it('an enclosure without an audio/video type is dropped with a warning naming the field; the article is published', async () => {
    const { report, text } = await publish();
    expect(report.warnings).toContainEqual({ path: 'bad.md', reason: expect.stringContaining('enclosure.type') });
    expect(text('feed.xml')).toContain('<title>Bad</title>');
    expect(text('feed.xml')).not.toContain('file.bin');
  });
});

describeWithConsumers('podcast feeds in feedparser', ['feedparser'], () => {
  it('reads the RSS and Atom podcast feeds with bozo 0', async () => {
    const { text } = await publish();
    for (const key of ['feed.xml', 'atom.xml']) {
      const parsed = feedparse(text(key));
      expect(parsed.bozo, `${key}: ${parsed.bozoException}`).toBe(0);
      expect(parsed.entries).toHaveLength(3);
    }
  });
});
