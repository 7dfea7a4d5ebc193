/** The generator name written into every feed. */
export const FEED_GENERATOR = 'Feedwright';
