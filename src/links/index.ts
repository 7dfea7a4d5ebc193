export { safeHttpUrl, safeEmail, normalizeUrlText, describeDropped } from './safe-url.js';
