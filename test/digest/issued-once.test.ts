import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { issueDigest } from '../../src/digest/index.js';
import type { FeedItem } from '../../src/feeds/index.js';
import { digestSite, makeConfig, makeItem } from './helpers.js';

// "A feed reader subscribed to a digest gets each issue once": an article is news in one issue only.
const weekly: Config = makeConfig({ digests: [{ id: 'weekly', schedule: { every: 'week', day: 'monday', at: '07:00' }, timeZone: 'UTC' }] });

function idsOf(output: ReturnType<typeof digestSite>['output'], date: string): string[] {
  const bytes = output.objects.get(`digests/weekly/${date}.json`)?.body;
  if (!bytes) return [];
  const issue = JSON.parse(new TextDecoder().decode(bytes)) as { sections: { articles: { id: string }[] }[] };
  return issue.sections.flatMap((s) => s.articles.map((a) => a.id));
}

describe('an article an earlier issue carried', () => {
  it('is not sent again when its date is corrected forward into a later window', async () => {
    const items: FeedItem[] = [makeItem({ id: 'a', published: '2026-03-03T00:00:00Z' }), makeItem({ id: 'b', published: '2026-03-04T00:00:00Z' })];
    const { output, deps } = digestSite(items);
    await issueDigest(deps(weekly, '2026-03-09T08:00:00Z'), { digestId: 'weekly' });
    expect(idsOf(output, '2026-03-09')).toEqual(['b', 'a']);
    // The author corrects a's date to 2026-03-12 (in the 2026-03-16 window); c is new there.
    items.splice(0, 1, makeItem({ id: 'a', published: '2026-03-12T00:00:00Z' }));
    items.push(makeItem({ id: 'c', published: '2026-03-13T00:00:00Z' }));
    const report = await issueDigest(deps(weekly, '2026-03-16T08:00:00Z'), { digestId: 'weekly' });
    expect(report.issues).toEqual(['2026-03-16']);
    expect(idsOf(output, '2026-03-16')).toEqual(['c']);
    // Alone in its new window, it makes no issue at all.
    items.splice(0, 1, makeItem({ id: 'a', published: '2026-03-20T00:00:00Z' }));
    const next = await issueDigest(deps(weekly, '2026-03-23T08:00:00Z'), { digestId: 'weekly' });
    expect(next.issues).toEqual([]);
  });

  it('is not sent again by a catch-up run that issues several windows at once', async () => {
    const items: FeedItem[] = [makeItem({ id: 'a', published: '2026-03-03T00:00:00Z' })];
    const { output, deps } = digestSite(items);
    await issueDigest(deps(weekly, '2026-03-09T08:00:00Z'), { digestId: 'weekly' });
    items.splice(0, 1, makeItem({ id: 'a', published: '2026-03-19T00:00:00Z' }), makeItem({ id: 'b', published: '2026-03-12T00:00:00Z' }));
    const report = await issueDigest(deps(weekly, '2026-03-23T08:00:00Z'), { digestId: 'weekly' });
    expect(report.issues).toEqual(['2026-03-16']);
    expect(idsOf(output, '2026-03-16')).toEqual(['b']);
    expect(idsOf(output, '2026-03-23')).toEqual([]);
  });
});

describe('an issue the digest state lists whose record is lost', () => {
  it('is never made again from current articles: reported with a code and left out, its other files untouched', async () => {
    const items: FeedItem[] = [makeItem({ id: 'a', title: 'Original title', published: '2026-03-03T00:00:00Z' })];
    const { output, deps } = digestSite(items);
    await issueDigest(deps(weekly, '2026-03-09T08:00:00Z'), { digestId: 'weekly' });
    const html = output.objects.get('digests/weekly/2026-03-09.html')?.body;
    items.splice(0, 1, makeItem({ id: 'a', title: 'Edited title', published: '2026-03-03T00:00:00Z' }));
    output.objects.delete('digests/weekly/2026-03-09.json');
    const report = await issueDigest(deps(weekly, '2026-03-10T08:00:00Z'), { digestId: 'weekly' });
    expect(report.issues).toEqual([]);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'digest-issue-lost', path: expect.stringContaining('digests/weekly/2026-03-09.json') })]);
    expect(report.written.filter((k) => k.startsWith('digests/weekly/2026-03-09'))).toEqual([]);
    expect(output.objects.has('digests/weekly/2026-03-09.json')).toBe(false);
    expect(output.objects.get('digests/weekly/2026-03-09.html')?.body).toEqual(html);
    const feed = new TextDecoder().decode(output.objects.get('digests/weekly/feed.xml')?.body);
    expect(feed).not.toContain('Edited title');
  });
});
