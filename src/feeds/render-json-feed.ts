import type { Person } from '../articles/article.js';
import type { CheckedChannel, CheckedFeed, CheckedItem } from './check-feed.js';
import { createItemCache } from './item-fragments.js';

// Written by hand: JSON.stringify escapes by construction, and the spec is small.
// Field names follow https://www.jsonfeed.org/version/1.1/.

interface JsonAuthor {
  name: string;
  url?: string;
}

function authorsOf(people: Person[]): JsonAuthor[] {
  return people.map((p) => ({ name: p.name, ...(p.url ? { url: p.url } : {}) }));
}

function jsonItem(item: CheckedItem, content: CheckedChannel['content']): object {
  return {
    id: item.id,
    url: item.url,
    title: item.title,
    ...(item.contentHtml === '' || content === 'summary' ? { content_text: item.summary } : { content_html: item.contentHtml }),
    ...(content === 'full' && item.contentHtml !== '' ? {} : { summary: item.summary }),
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
  };
}

// An item as `JSON.stringify(feed, null, 2)` writes it inside the `items` array (two levels deep), made
// once per item: the document is that call's output, assembled from cached pieces.
const ITEM_INDENT = '    ';
const itemText = createItemCache<string>();
const indented = (json: string) => ITEM_INDENT + json.replaceAll('\n', `\n${ITEM_INDENT}`);

/** JSON Feed 1.1 from a checked feed: same ids, titles and dates as the RSS and Atom versions. */
export function renderJsonFeed({ channel, items }: CheckedFeed): string {
  const head = {
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
  };
  // `items` is the last member: the head's closing brace gives way to it.
  const open = JSON.stringify(head, null, 2).slice(0, -2);
  const list = items.map((item) => itemText(item, channel.content, () => indented(JSON.stringify(jsonItem(item, channel.content), null, 2))));
  return `${open},\n  "items": ${list.length === 0 ? '[]' : `[\n${list.join(',\n')}\n  ]`}\n}\n`;
}
