import type { FeedChannel, FeedItem, SiteArticle } from '../../src/feeds/index.js';

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

/**
 * `count` articles newest first, one day apart (story n on 2026-01-01 + n days), slugs `story-<n>` with pages
 * under `base`; `fields(n)` sets the rest of story n's item.
 */
export function dailyArticles(base: string, count: number, fields: (n: number) => Partial<FeedItem>): SiteArticle[] {
  const out: SiteArticle[] = [];
  for (let n = count; n >= 1; n--) {
    const day = new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
    out.push({
      slug: `story-${n}`,
      item: makeItem({ id: `tag:news.example,2026:story-${n}`, title: `Story ${n}`, url: `${base}articles/story-${n}.html`, published: day, updated: day, ...fields(n) }),
    });
  }
  return out;
}
