export { FeedwrightError, isFeedwrightError, truncateForLog } from './feedwright-error.js';
