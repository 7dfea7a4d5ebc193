export { escapeHtml } from './escape-html.js';
export { stripXmlIllegal } from './xml-chars.js';
export { escapeXmlAttribute, escapeXmlText } from './xml-escape.js';
export { renderXmlDocument, xmlElement, xmlTextElement, type XmlChild, type XmlElement } from './xml-writer.js';
