import type { Person } from '../articles/article.js';
import type { CheckedFeed } from './check-feed.js';

// Written by hand: JSON.stringify escapes by construction, and the spec is small.
// Field names follow https://www.jsonfeed.org/version/1.1/.

interface JsonAuthor {
  name: string;
  url?: string;
}

function authorsOf(people: Person[]): JsonAuthor[] {
  return people.map((p) => ({ name: p.name, ...(p.url ? { url: p.url } : {}) }));
}

/** JSON Feed 1.1 from a checked feed: same ids, titles and dates as the RSS and Atom versions. */
export function renderJsonFeed({ channel, items }: CheckedFeed): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.homePageUrl,
    feed_url: channel.feedUrls.json,
    ...(channel.description === '' ? {} : { description: channel.description }),
    language: channel.language,
    ...(channel.authors.length > 0 ? { authors: authorsOf(channel.authors) } : {}),
    // JSON Feed pages go from newer to older: `next_url` is the RFC 5005 previous archive.
    ...(channel.archiveLinks.prevArchive ? { next_url: channel.archiveLinks.prevArchive.json } : {}),
    ...(channel.hubs.length > 0 ? { hubs: channel.hubs.map((url) => ({ type: 'WebSub', url })) } : {}),
    items: items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      ...(item.contentHtml === '' || channel.content === 'summary' ? { content_text: item.summary } : { content_html: item.contentHtml }),
      ...(channel.content === 'full' && item.contentHtml !== '' ? {} : { summary: item.summary }),
      ...(item.image ? { image: item.image } : {}),
      ...(item.enclosure
        ? {
            attachments: [
              {
                url: item.enclosure.url,
                mime_type: item.enclosure.type,
                size_in_bytes: item.enclosure.length,
                ...(item.enclosure.duration !== undefined ? { duration_in_seconds: item.enclosure.duration } : {}),
              },
            ],
          }
        : {}),
      date_published: item.published,
      date_modified: item.updated,
      ...(item.authors.length > 0 ? { authors: authorsOf(item.authors) } : {}),
      ...(item.categories.length > 0 ? { tags: item.categories } : {}),
      ...(item.lang ? { language: item.lang } : {}),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
