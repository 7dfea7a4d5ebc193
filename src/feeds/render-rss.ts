import { escapeHtml, renderXmlDocument, type XmlElement, type XmlFragment, xmlElement, xmlFragment, xmlTextElement } from '../markup/index.js';
import { createItemCache } from './item-fragments.js';
import type { CheckedChannel, CheckedFeed, CheckedItem } from './check-feed.js';
import { FEED_GENERATOR } from './feed-generator.js';
import { FEED_HISTORY_NS, ITUNES_NS, MEDIA_RSS_NS, archiveLinkList, relativeHref } from './feed-links.js';
import { mediaTypeOf } from './media-type.js';

const NAMESPACES = {
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
};

/** RFC 822 date-time, as RSS 2.0 requires (`toUTCString` writes exactly that form, in GMT). */
function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

/** `description` is HTML by convention: the summary (plain text, escaped), or the content for `full`. */
function itemBody(item: CheckedItem, content: CheckedChannel['content']): (XmlElement | undefined)[] {
  const summary = xmlTextElement('description', escapeHtml(item.summary));
  if (item.contentHtml === '' || content === 'summary') return [summary];
  if (content === 'full') return [xmlTextElement('description', item.contentHtml)];
  return [summary, xmlTextElement('content:encoded', item.contentHtml)];
}

// Media RSS: the image as the item's thumbnail and as its media content (readers use either).
function itemImage(item: CheckedItem): XmlElement[] {
  if (!item.image) return [];
  const type = mediaTypeOf(item.image);
  return [
    xmlElement('media:thumbnail', { url: item.image }),
    xmlElement('media:content', { url: item.image, medium: 'image', type }),
  ];
}

/** RSS `enclosure` (url, length, type: all three required) and the iTunes duration podcast apps show. */
function itemEnclosure(item: CheckedItem): XmlElement[] {
  if (!item.enclosure) return [];
  const { url, type, length, duration } = item.enclosure;
  return [
    xmlElement('enclosure', { url, length: String(length), type }),
    duration === undefined ? undefined : xmlTextElement('itunes:duration', String(duration)),
  ].filter((e): e is XmlElement => e !== undefined);
}

// Apple Podcasts basics, written only when an item carries audio or video.
function podcastChannel(channel: CheckedChannel): XmlElement[] {
  return [
    xmlTextElement('itunes:author', channel.authors[0]?.name ?? channel.title),
    xmlTextElement('itunes:summary', channel.description === '' ? channel.title : channel.description),
    xmlTextElement('itunes:explicit', 'false'),
  ];
}

function rssItem(item: CheckedItem, content: CheckedChannel['content']): XmlElement {
  return xmlElement('item', {}, [
    xmlTextElement('title', item.title),
    xmlTextElement('link', item.url),
    xmlTextElement('guid', item.id, { isPermaLink: 'false' }),
    xmlTextElement('pubDate', rfc822(item.published)),
    ...itemBody(item, content),
    // RSS <author> must be an e-mail address; names go in dc:creator, one element per author.
    ...item.authors.map((a) => xmlTextElement('dc:creator', a.name)),
    ...item.categories.map((c) => xmlTextElement('category', c)),
    ...itemImage(item),
    ...itemEnclosure(item),
  ]);
}

// Items sit at rss > channel > item: four spaces in.
const ITEM_INDENT = '    ';
const itemFragment = createItemCache<XmlFragment>();

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) with an `atom:link rel="self"`, WebSub hubs and
 * RFC 5005 archive links as `atom:link`, `fh:archive` in archive documents, Media RSS images.
 */
export function renderRss({ channel, items }: CheckedFeed): string {
  const podcast = items.some((i) => i.enclosure);
  const namespaces = {
    ...NAMESPACES,
    ...(channel.isArchive ? { 'xmlns:fh': FEED_HISTORY_NS } : {}),
    ...(items.some((i) => i.image) ? { 'xmlns:media': MEDIA_RSS_NS } : {}),
    ...(podcast ? { 'xmlns:itunes': ITUNES_NS } : {}),
  };
  return renderXmlDocument(
    xmlElement('rss', { version: '2.0', ...namespaces }, [
      xmlElement('channel', {}, [
        xmlTextElement('title', channel.title),
        xmlTextElement('link', channel.homePageUrl),
        // Readers take RSS descriptions as HTML; ours are plain text.
        xmlTextElement('description', escapeHtml(channel.description === '' ? channel.title : channel.description)),
        xmlTextElement('language', channel.language),
        xmlTextElement('lastBuildDate', rfc822(channel.updated)),
        xmlTextElement('docs', 'https://www.rssboard.org/rss-specification'),
        xmlTextElement('generator', FEED_GENERATOR),
        xmlElement('atom:link', { href: channel.feedUrls.rss, rel: 'self', type: 'application/rss+xml' }),
        ...channel.hubs.map((hub) => xmlElement('atom:link', { href: hub, rel: 'hub' })),
        ...archiveLinkList(channel.archiveLinks, 'rss').map(([rel, href]) => xmlElement('atom:link', { href, rel, type: 'application/rss+xml' })),
        channel.isArchive ? xmlElement('fh:archive') : undefined,
        ...(podcast ? podcastChannel(channel) : []),
        ...items.map((item) => itemFragment(item, channel.content, () => xmlFragment(rssItem(item, channel.content), ITEM_INDENT))),
      ]),
    ]),
    channel.stylesheet ? { stylesheet: relativeHref(channel.feedUrls.rss, channel.stylesheet) } : {},
  );
}
