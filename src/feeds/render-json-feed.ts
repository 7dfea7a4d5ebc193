import type { Person } from '../articles/article.js';
import type { FeedChannel, FeedItem } from './feed-model.js';
import { toFeedUri } from './feed-uri.js';

// Written by hand: the `feed` package only emits JSON Feed 1.0 (single `author`, no `language`).
// Field names follow https://www.jsonfeed.org/version/1.1/.

interface JsonAuthor {
  name: string;
  url?: string;
}

function authorsOf(people: Person[]): JsonAuthor[] {
  return people.map((p) => ({ name: p.name, ...(p.url ? { url: p.url } : {}) }));
}

export function renderJsonFeed(channel: FeedChannel, items: FeedItem[]): string {
  const host = new URL(channel.homePageUrl).host;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.homePageUrl,
    feed_url: channel.feedUrls.json,
    description: channel.description,
    language: channel.language,
    ...(channel.authors.length > 0 ? { authors: authorsOf(channel.authors) } : {}),
    items: items.map((item) => ({
      id: toFeedUri(item.id, host),
      url: item.url,
      title: item.title,
      content_html: item.contentHtml,
      summary: item.summary,
      ...(item.image ? { image: item.image } : {}),
      // RFC 3339 date-times, as the spec requires.
      date_published: new Date(item.published).toISOString(),
      date_modified: new Date(item.updated).toISOString(),
      ...(item.authors.length > 0 ? { authors: authorsOf(item.authors) } : {}),
      ...(item.categories.length > 0 ? { tags: item.categories } : {}),
      ...(item.lang ? { language: item.lang } : {}),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
