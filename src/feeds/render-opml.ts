import type { FeedListing, SiteInfo } from './render-site.js';
import { feedUrls } from './site-paths.js';
import { renderXmlDocument, xmlElement, xmlTextElement } from '../markup/index.js';

/**
 * OPML 2.0 subscription list (http://opml.org/spec2.opml): one `rss`-type outline per feed, pointing at
 * the RSS version. No dateCreated: it would change every run. Written with the same escaping XML writer
 * as the feeds, so a category or site title can never break it.
 */
export function renderOpml(site: SiteInfo, feeds: FeedListing[]): string {
  const outlines = feeds.map((f) => xmlElement('outline', { type: 'rss', text: f.title, title: f.title, xmlUrl: feedUrls(site.baseUrl, f.keys).rss, htmlUrl: f.htmlUrl }));
  return renderXmlDocument(xmlElement('opml', { version: '2.0' }, [xmlElement('head', {}, [xmlTextElement('title', site.title)]), xmlElement('body', {}, outlines)]));
}
