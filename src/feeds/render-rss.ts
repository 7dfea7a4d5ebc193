import { escapeHtml, renderXmlDocument, type XmlElement, xmlElement, xmlTextElement } from '../markup/index.js';
import type { CheckedFeed, CheckedItem } from './check-feed.js';
import { FEED_GENERATOR } from './feed-generator.js';

const NAMESPACES = {
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
};

/** RFC 822 date-time, as RSS 2.0 requires (`toUTCString` writes exactly that form, in GMT). */
function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

function rssItem(item: CheckedItem): XmlElement {
  return xmlElement('item', {}, [
    xmlTextElement('title', item.title),
    xmlTextElement('link', item.url),
    xmlTextElement('guid', item.id, { isPermaLink: 'false' }),
    xmlTextElement('pubDate', rfc822(item.published)),
    // description is HTML by convention; the summary is plain text, so it is escaped for HTML first.
    xmlTextElement('description', escapeHtml(item.summary)),
    item.contentHtml === '' ? undefined : xmlTextElement('content:encoded', item.contentHtml),
    // RSS <author> must be an e-mail address; names go in dc:creator, one element per author.
    ...item.authors.map((a) => xmlTextElement('dc:creator', a.name)),
    ...item.categories.map((c) => xmlTextElement('category', c)),
  ]);
}

/** RSS 2.0 (https://www.rssboard.org/rss-specification) with an `atom:link rel="self"`. */
export function renderRss({ channel, items }: CheckedFeed): string {
  return renderXmlDocument(
    xmlElement('rss', { version: '2.0', ...NAMESPACES }, [
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
        ...items.map(rssItem),
      ]),
    ]),
  );
}
