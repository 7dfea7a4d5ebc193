import type { Person } from '../articles/article.js';
import { type XmlElement, type XmlFragment, renderXmlDocument, xmlElement, xmlFragment, xmlTextElement } from '../markup/index.js';
import { createItemCache } from './item-fragments.js';
import type { CheckedChannel, CheckedFeed, CheckedItem } from './check-feed.js';
import { FEED_GENERATOR } from './feed-generator.js';
import { FEED_HISTORY_NS, archiveLinkList, relativeHref } from './feed-links.js';
import { mediaTypeOf } from './media-type.js';

function person(kind: 'author', p: Person): XmlElement {
  return xmlElement(kind, {}, [xmlTextElement('name', p.name), p.email ? xmlTextElement('email', p.email) : undefined, p.url ? xmlTextElement('uri', p.url) : undefined]);
}

// Titles and summaries are plain text (RFC 4287 §3.1.1): a reader shows `&` and `<` as written.
function entryBody(item: CheckedItem, content: CheckedChannel['content']): (XmlElement | undefined)[] {
  const summary = item.summary === '' ? undefined : xmlTextElement('summary', item.summary, { type: 'text' });
  if (item.contentHtml === '' || content === 'summary') return [summary];
  const html = xmlTextElement('content', item.contentHtml, { type: 'html' });
  return content === 'full' ? [html] : [summary, html];
}

function atomEntry(item: CheckedItem, content: CheckedChannel['content']): XmlElement {
  return xmlElement('entry', item.lang ? { 'xml:lang': item.lang } : {}, [
    xmlTextElement('title', item.title, { type: 'text' }),
    xmlTextElement('id', item.id),
    xmlElement('link', { rel: 'alternate', type: 'text/html', href: item.url }),
    // The article's image as an enclosure link (RFC 4287 §4.2.7.2): readers show it with the entry.
    item.image ? xmlElement('link', { rel: 'enclosure', type: mediaTypeOf(item.image), href: item.image }) : undefined,
    item.enclosure ? xmlElement('link', { rel: 'enclosure', type: item.enclosure.type, length: String(item.enclosure.length), href: item.enclosure.url }) : undefined,
    xmlTextElement('published', item.published),
    xmlTextElement('updated', item.updated),
    ...item.authors.map((a) => person('author', a)),
    ...entryBody(item, content),
    ...item.categories.map((c) => xmlElement('category', { term: c, label: c })),
  ]);
}

// Entries sit at feed > entry: two spaces in.
const ENTRY_INDENT = '  ';
const entryFragment = createItemCache<XmlFragment>();

/**
 * Atom 1.0 (RFC 4287) with `xml:lang`, a self link, a feed-level author, WebSub hubs and RFC 5005
 * archive links (`fh:archive` in archive documents).
 */
export function renderAtom({ channel, items }: CheckedFeed): string {
  // A feed-level author is required unless every entry has one (RFC 4287 §4.1.1).
  const author = channel.authors[0] ?? { name: channel.title };
  const root = { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': channel.language, ...(channel.isArchive ? { 'xmlns:fh': FEED_HISTORY_NS } : {}) };
  return renderXmlDocument(
    xmlElement('feed', root, [
      xmlTextElement('id', channel.id),
      xmlTextElement('title', channel.title, { type: 'text' }),
      channel.description === '' ? undefined : xmlTextElement('subtitle', channel.description, { type: 'text' }),
      xmlTextElement('updated', channel.updated),
      xmlTextElement('generator', FEED_GENERATOR),
      xmlElement('link', { rel: 'alternate', type: 'text/html', href: channel.homePageUrl }),
      xmlElement('link', { rel: 'self', href: channel.feedUrls.atom }),
      ...channel.hubs.map((hub) => xmlElement('link', { rel: 'hub', href: hub })),
      ...archiveLinkList(channel.archiveLinks, 'atom').map(([rel, href]) => xmlElement('link', { rel, type: 'application/atom+xml', href })),
      channel.isArchive ? xmlElement('fh:archive') : undefined,
      person('author', author),
      ...items.map((item) => entryFragment(item, channel.content, () => xmlFragment(atomEntry(item, channel.content), ENTRY_INDENT))),
    ]),
    channel.stylesheet ? { stylesheet: relativeHref(channel.feedUrls.atom, channel.stylesheet) } : {},
  );
}
