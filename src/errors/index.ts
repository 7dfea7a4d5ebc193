export { FeedwrightError, isFeedwrightError, truncateForLog } from './feedwright-error.js';
export { errorLocation } from './error-location.js';
export { fileProblem } from './file-problem.js';
