import { describe, expect, it } from 'vitest';
import { objectMetaFor } from '../../src/storage/index.js';

describe('objectMetaFor', () => {
  it.each([
    ['feed.xml', 'application/rss+xml; charset=utf-8', 'public, max-age=900'],
    ['atom.xml', 'application/atom+xml; charset=utf-8', 'public, max-age=900'],
    ['feed.json', 'application/feed+json; charset=utf-8', 'public, max-age=900'],
    ['index.html', 'text/html; charset=utf-8', 'public, max-age=900'],
    ['feeds.opml', 'text/x-opml; charset=utf-8', 'public, max-age=900'],
    ['digests/daily/feed.xml', 'application/rss+xml; charset=utf-8', 'public, max-age=900'],
    ['digests/weekly/atom.xml', 'application/atom+xml; charset=utf-8', 'public, max-age=900'],
    ['digests/daily/index.html', 'text/html; charset=utf-8', 'public, max-age=900'],
    ['categories/world/feed.json', 'application/feed+json; charset=utf-8', 'public, max-age=900'],
    ['articles/nato-offer.html', 'text/html; charset=utf-8', 'public, max-age=86400'],
    ['digests/daily/2025-02-24.html', 'text/html; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['digests/weekly/2025-02-24.md', 'text/markdown; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['digests/daily/2025-02-24.txt', 'text/plain; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['digests/daily/2025-02-24.json', 'application/json; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['data/articles.json', 'application/json; charset=utf-8', 'public, max-age=900'],
    ['_feedwright/state.json', 'application/json; charset=utf-8', 'no-store'],
    ['_feedwright/summaries/abc', 'application/json; charset=utf-8', 'no-store'],
  ])('%s → %s, %s', (key, contentType, cacheControl) => {
    expect(objectMetaFor(key)).toEqual({ contentType, cacheControl });
  });

  it('uses the configured max-age for feeds and the index but not for pages or issues', () => {
    const options = { feedMaxAgeSeconds: 60 };
    expect(objectMetaFor('feed.xml', options).cacheControl).toBe('public, max-age=60');
    expect(objectMetaFor('index.html', options).cacheControl).toBe('public, max-age=60');
    expect(objectMetaFor('feeds.opml', options).cacheControl).toBe('public, max-age=60');
    expect(objectMetaFor('articles/a.html', options).cacheControl).toBe('public, max-age=86400');
    expect(objectMetaFor('digests/daily/2025-02-24.html', options).cacheControl).toBe(
      'public, max-age=31536000, immutable',
    );
  });

  it('does not treat an article page nested elsewhere, or an undated digest file, as long-lived', () => {
    expect(objectMetaFor('digests/daily/latest.html').cacheControl).toBe('public, max-age=900');
    expect(objectMetaFor('x/articles/a.html').cacheControl).toBe('public, max-age=900');
  });

  it('falls back to application/octet-stream for unknown extensions', () => {
    expect(objectMetaFor('blob.bin').contentType).toBe('application/octet-stream');
    expect(objectMetaFor('README').contentType).toBe('application/octet-stream');
  });
});
