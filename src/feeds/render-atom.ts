import type { Person } from '../articles/article.js';
import { type XmlElement, renderXmlDocument, xmlElement, xmlTextElement } from '../markup/index.js';
import type { CheckedFeed, CheckedItem } from './check-feed.js';
import { FEED_GENERATOR } from './feed-generator.js';

function person(kind: 'author', p: Person): XmlElement {
  return xmlElement(kind, {}, [xmlTextElement('name', p.name), p.email ? xmlTextElement('email', p.email) : undefined, p.url ? xmlTextElement('uri', p.url) : undefined]);
}

function atomEntry(item: CheckedItem): XmlElement {
  return xmlElement('entry', item.lang ? { 'xml:lang': item.lang } : {}, [
    // Titles and summaries are plain text (RFC 4287 §3.1.1): a reader shows `&` and `<` as written.
    xmlTextElement('title', item.title, { type: 'text' }),
    xmlTextElement('id', item.id),
    xmlElement('link', { rel: 'alternate', type: 'text/html', href: item.url }),
    xmlTextElement('published', item.published),
    xmlTextElement('updated', item.updated),
    ...item.authors.map((a) => person('author', a)),
    item.summary === '' ? undefined : xmlTextElement('summary', item.summary, { type: 'text' }),
    item.contentHtml === '' ? undefined : xmlTextElement('content', item.contentHtml, { type: 'html' }),
    ...item.categories.map((c) => xmlElement('category', { term: c, label: c })),
  ]);
}

/** Atom 1.0 (RFC 4287) with `xml:lang`, a self link and a feed-level author. */
export function renderAtom({ channel, items }: CheckedFeed): string {
  // A feed-level author is required unless every entry has one (RFC 4287 §4.1.1).
  const author = channel.authors[0] ?? { name: channel.title };
  return renderXmlDocument(
    xmlElement('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': channel.language }, [
      xmlTextElement('id', channel.id),
      xmlTextElement('title', channel.title, { type: 'text' }),
      channel.description === '' ? undefined : xmlTextElement('subtitle', channel.description, { type: 'text' }),
      xmlTextElement('updated', channel.updated),
      xmlTextElement('generator', FEED_GENERATOR),
      xmlElement('link', { rel: 'alternate', type: 'text/html', href: channel.homePageUrl }),
      xmlElement('link', { rel: 'self', href: channel.feedUrls.atom }),
      person('author', author),
      ...items.map(atomEntry),
    ]),
  );
}
