import { checkFeed } from './check-feed.js';
import type { FeedChannel, FeedItem, RenderedFeeds } from './feed-model.js';
import { renderAtom } from './render-atom.js';
import { renderJsonFeed } from './render-json-feed.js';
import { renderRss } from './render-rss.js';

/**
 * Renders one channel as RSS 2.0, Atom 1.0 and JSON Feed 1.1; items are written in the order given.
 * The model is checked first (`checkFeed`, which throws `FeedRenderError`); the writers escape every
 * string where it lands, so the output is well-formed whatever the text, and is never scanned or patched.
 */
export function renderFeeds(channel: FeedChannel, items: FeedItem[]): RenderedFeeds {
  const feed = checkFeed(channel, items);
  return { rss: renderRss(feed), atom: renderAtom(feed), json: renderJsonFeed(feed) };
}
