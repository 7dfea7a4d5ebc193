export { escapeHtml } from './escape-html.js';
export { stripXmlIllegal } from './xml-chars.js';
export { escapeXmlAttribute, escapeXmlText } from './xml-escape.js';
export { renderXmlDocument, xmlElement, xmlFragment, xmlTextElement, type XmlChild, type XmlElement, type XmlFragment } from './xml-writer.js';
