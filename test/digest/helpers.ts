import { fixedClock } from '../../src/clock/clock.js';
import { type Config, type ConfigInput, parseConfig } from '../../src/config/config.js';
import type { DigestDeps } from '../../src/digest/index.js';
import type { FeedItem } from '../../src/feeds/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

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

/** Output and state in memory, and digest deps over them for a config and a clock; the site is `items`. */
export function digestSite(items: FeedItem[]) {
  const output = createMemoryStore();
  const state = createMemoryStore();
  const deps = (config: Config, clockIso: string): DigestDeps => ({
    config,
    input: createMemoryStore(),
    output,
    state,
    clock: fixedClock(clockIso),
    log: silentLogger,
    loadItems: async () => ({ items, rejected: [] }),
  });
  return { output, state, deps };
}
