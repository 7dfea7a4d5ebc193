export { escapeHtml } from './escape-html.js';
export { hasXmlIllegal, stripXmlIllegal } from './xml-chars.js';
