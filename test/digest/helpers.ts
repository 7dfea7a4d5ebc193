import { type Config, type ConfigInput, parseConfig } from '../../src/config/config.js';
import type { FeedItem } from '../../src/feeds/index.js';

export function makeConfig(overrides: ConfigInput = {}): Config {
  return parseConfig({ site: { title: 'Example News', baseUrl: 'https://news.example/' }, ...overrides });
}

export function makeItem(overrides: Partial<FeedItem> & { id: string; published: string }): FeedItem {
  return {
    title: `Article ${overrides.id}`,
    url: `https://news.example/articles/${overrides.id}.html`,
    summary: `Summary of ${overrides.id}.`,
    contentHtml: `<p>Body of ${overrides.id}</p>`,
    updated: overrides.published,
    authors: [],
    categories: [],
    ...overrides,
  };
}
