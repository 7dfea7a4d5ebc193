import { Feed, type Item } from 'feed';
import type { Person } from '../articles/article.js';
import { FeedRenderError } from './feed-error.js';
import type { FeedChannel, FeedItem, RenderedFeeds } from './feed-model.js';
import { toFeedUri } from './feed-uri.js';
import { renderJsonFeed } from './render-json-feed.js';
import { escapeHtml, hasXmlIllegal, stripXmlIllegal } from '../markup/index.js';
import { cdataSafe } from './xml-text.js';

const GENERATOR = 'Feedwright';

function toDate(iso: string, where: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new FeedRenderError(where, `invalid date ${JSON.stringify(iso)}`);
  return date;
}

function clean(text: string): string {
  return stripXmlIllegal(text);
}

function hostOf(url: string): string {
  return new URL(url).host;
}

function feedAuthor(channel: FeedChannel): Person {
  // Atom requires an author on the feed unless every entry has one (RFC 4287 §4.1.1).
  return channel.authors[0] ?? { name: channel.title };
}

function createFeed(channel: FeedChannel, items: FeedItem[], mode: 'rss' | 'atom'): Feed {
  const author = feedAuthor(channel);
  const feed = new Feed({
    id: channel.id,
    title: clean(channel.title),
    description: clean(channel.description),
    link: channel.homePageUrl,
    language: channel.language,
    // Feed-level dates come from the newest item, never from the clock, so rebuilds are byte-identical.
    updated: toDate(channel.updated, `${channel.title}: channel updated`),
    generator: GENERATOR,
    copyright: '',
    feedLinks: { rss: channel.feedUrls.rss, atom: channel.feedUrls.atom, json: channel.feedUrls.json },
    author: { name: clean(author.name), ...(author.email ? { email: author.email } : {}), ...(author.url ? { link: author.url } : {}) },
  });
  const host = hostOf(channel.homePageUrl);
  for (const item of items) {
    const where = `${channel.title}: item ${item.id}`;
    const title = clean(item.title);
    const entry: Item = {
      // Titles are plain text (Atom's type is switched to "text" below); a CDATA section cannot hold `]]>`.
      title: title.replaceAll(']]>', ']] >'),
      id: toFeedUri(item.id, host),
      link: item.url,
      // Atom summary/RSS description are HTML: escape the plain-text summary.
      description: cdataSafe(escapeHtml(clean(item.summary))),
      content: cdataSafe(item.contentHtml),
      date: toDate(item.updated, where),
      published: toDate(item.published, where),
      category: item.categories.map((c) => (mode === 'atom' ? { term: clean(c), name: clean(c) } : { name: clean(c) })),
    };
    if (mode === 'atom') {
      entry.author = item.authors.map((a) => ({ name: clean(a.name), ...(a.email ? { email: a.email } : {}), ...(a.url ? { link: a.url } : {}) }));
    } else if (item.authors.length > 0) {
      // RSS <author> must be an e-mail address; names go in dc:creator (the `feed` package writes a name-only <author>).
      entry.extensions = [{ name: 'dc:creator', objects: { _text: item.authors.map((a) => clean(a.name)).join(', ') } }];
    }
    feed.addItem(entry);
  }
  return feed;
}

/** Post-checks for the `feed` package's known failure modes; a broken feed is never written. */
function assertWellFormed(name: string, xml: string): string {
  if (hasXmlIllegal(xml)) throw new FeedRenderError(name, 'contains characters illegal in XML 1.0');
  for (const bad of ['>undefined<', '"undefined"', 'Invalid Date', '<id/>', '<id></id>', '<link/>']) {
    if (xml.includes(bad)) throw new FeedRenderError(name, `contains ${bad}`);
  }
  return xml;
}

/** Renders one channel as RSS 2.0, Atom 1.0 and JSON Feed 1.1; items are written in the order given. */
export function renderFeeds(channel: FeedChannel, items: FeedItem[]): RenderedFeeds {
  const rssFeed = createFeed(channel, items, 'rss');
  const atomFeed = createFeed(channel, items, 'atom');
  let rss = rssFeed.rss2();
  // `feed` adds the dc namespace only when items have content; declare it whenever dc:creator is used.
  if (rss.includes('<dc:creator') && !rss.includes('xmlns:dc=')) {
    rss = rss.replace('<rss version="2.0"', '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"');
  }
  // `feed` marks entry titles type="html"; ours are plain text, so say so (RFC 4287 §3.1.1), or readers
  // would show `&amp;` for a title containing `&`.
  let atom = atomFeed.atom1().replaceAll('<title type="html">', '<title type="text">');
  // `feed` writes no xml:lang; readers use it to pick hyphenation and fonts (RFC 4287 §2).
  atom = atom.replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(channel.language)}">`);
  return {
    rss: assertWellFormed(`${channel.feedUrls.rss}`, rss),
    atom: assertWellFormed(`${channel.feedUrls.atom}`, atom),
    json: renderJsonFeed(channel, items),
  };
}
