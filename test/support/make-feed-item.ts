import type { FeedChannel, FeedItem } from '../../src/feeds/index.js';

export function makeChannel(overrides: Partial<FeedChannel> = {}): FeedChannel {
  return {
    id: 'https://news.example/',
    title: 'Example News',
    description: 'News from the example site',
    homePageUrl: 'https://news.example/',
    feedUrls: { rss: 'https://news.example/feed.xml', atom: 'https://news.example/atom.xml', json: 'https://news.example/feed.json' },
    language: 'en',
    authors: [],
    updated: '2026-03-02T10:00:00.000Z',
    ...overrides,
  };
}

export function makeItem(overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    id: 'tag:news.example,2026:posts/first.md',
    title: 'First post',
    url: 'https://news.example/articles/first-post.html',
    summary: 'A short summary.',
    contentHtml: '<p>Body text.</p>',
    published: '2026-03-01T09:30:00.000Z',
    updated: '2026-03-02T10:00:00.000Z',
    authors: [{ name: 'Ada Writer' }],
    categories: ['science'],
    ...overrides,
  };
}
