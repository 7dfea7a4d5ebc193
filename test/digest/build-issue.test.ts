import { describe, expect, it } from 'vitest';
import { buildIssue, displayIssueDate, windowAt } from '../../src/digest/index.js';
import { makeConfig, makeItem } from './helpers.js';

const config = makeConfig();
const daily = config.digests[0]!;
const weekly = config.digests[1]!;
// 2026-11-27 07:00Z issue: window (2026-11-26T07:00Z, 2026-11-27T07:00Z].
const window = windowAt(daily, new Date('2026-11-27T07:00:00Z'));

describe('buildIssue', () => {
  it('selects articles in (start, end], newest first', () => {
    const items = [
      makeItem({ id: 'at-start', published: '2026-11-26T07:00:00Z' }),
      makeItem({ id: 'early', published: '2026-11-26T07:00:01Z' }),
      makeItem({ id: 'at-end', published: '2026-11-27T07:00:00Z' }),
      makeItem({ id: 'after', published: '2026-11-27T07:00:01Z' }),
      makeItem({ id: 'middle', published: '2026-11-26T20:00:00+01:00' }),
    ];
    const issue = buildIssue({ config, digest: daily, items, window });
    expect(issue?.sections).toHaveLength(1);
    expect(issue?.sections[0]?.name).toBeNull();
    expect(issue?.sections[0]?.articles.map((a) => a.id)).toEqual(['at-end', 'middle', 'early']);
    expect(issue?.articleCount).toBe(3);
  });

  it('names, dates and links the issue', () => {
    const issue = buildIssue({ config, digest: daily, items: [makeItem({ id: 'a', published: '2026-11-27T01:00:00Z' })], window });
    expect(issue?.title).toBe('Example News — Daily digest, 27 November 2026');
    expect(issue?.date).toBe('2026-11-27');
    expect(issue?.scheduled).toBe('2026-11-27T07:00:00.000Z');
    expect(issue?.windowStart).toBe('2026-11-26T07:00:00.000Z');
    expect(issue?.url).toBe('https://news.example/digests/daily/2026-11-27.html');
    expect(issue?.id).toBe('tag:news.example,2026:digests/daily/2026-11-27');
  });

  it('returns no issue for an empty window', () => {
    const items = [makeItem({ id: 'old', published: '2026-11-20T00:00:00Z' })];
    expect(buildIssue({ config, digest: daily, items, window })).toBeNull();
  });

  it('returns an issue with zero articles when publishEmpty is set', () => {
    const issue = buildIssue({ config, digest: { ...daily, publishEmpty: true }, items: [], window });
    expect(issue?.articleCount).toBe(0);
    expect(issue?.sections).toEqual([]);
  });

  it('groups by first category, sorted by name, uncategorized under "Other" last', () => {
    const weekWindow = windowAt(weekly, new Date('2026-11-23T07:00:00Z'));
    const items = [
      makeItem({ id: 'w1', published: '2026-11-20T00:00:00Z', categories: ['science', 'Arts'] }),
      makeItem({ id: 'w2', published: '2026-11-21T00:00:00Z' }),
      makeItem({ id: 'w3', published: '2026-11-22T00:00:00Z', categories: ['Arts'] }),
      makeItem({ id: 'w4', published: '2026-11-19T00:00:00Z', categories: ['Arts'] }),
      makeItem({ id: 'w5', published: '2026-11-18T00:00:00Z', categories: ['Books'] }),
    ];
    const issue = buildIssue({ config, digest: weekly, items, window: weekWindow });
    expect(issue?.sections.map((s) => [s.name, s.articles.map((a) => a.id)])).toEqual([
      ['Arts', ['w3', 'w4']],
      ['Books', ['w5']],
      ['science', ['w1']],
      ['Other', ['w2']],
    ]);
    expect(issue?.title).toBe('Example News — Weekly digest, 23 November 2026');
  });

  it('uses a configured title as the digest name', () => {
    const issue = buildIssue({ config, digest: { ...daily, title: 'Morning brief' }, items: [makeItem({ id: 'a', published: '2026-11-27T01:00:00Z' })], window });
    expect(issue?.title).toBe('Example News — Morning brief, 27 November 2026');
  });
});

describe('displayIssueDate', () => {
  it('formats from the date string, whatever the process time zone', () => {
    expect(displayIssueDate('2026-01-01')).toBe('1 January 2026');
    expect(displayIssueDate('2026-12-31')).toBe('31 December 2026');
  });
});
