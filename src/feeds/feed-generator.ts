/** The generator name written into every feed. */
export const FEED_GENERATOR = 'Feedwright';

/** How much of an RSS feed reaches its channel's <generator> past a long title and description; items come after it. */
export const RSS_HEAD_BYTES = 16 * 1024;

/**
 * Whether the start of an RSS feed's text names Feedwright as its channel's generator: what tells a
 * Feedwright site from a Jekyll or Hugo source folder holding feed templates of the same names.
 */
export function namesFeedwrightAsGenerator(rssHead: string): boolean {
  // Only the channel's own element: an item's content could quote the same text.
  const channel = rssHead.split('<item>')[0] ?? '';
  return channel.includes(`<generator>${FEED_GENERATOR}</generator>`);
}
