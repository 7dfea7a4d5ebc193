import { stripXmlIllegal } from './xml-chars.js';

// `>` is escaped too, so `]]>` can never appear in text; CR as a character reference, because a parser
// turns a literal CR (or CRLF) into LF (XML 1.0 §2.11).
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
// Attribute values are always written in double quotes, so `'` needs no escape. A parser replaces TAB,
// LF and CR in attributes by spaces (§3.3.3), so they travel as references.
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/**
 * Text for XML element content: every character XML 1.0 cannot carry is dropped (it has no escaped form
 * either), markup characters become references. The parsed element text equals `stripXmlIllegal(text)`.
 */
export function escapeXmlText(text: string): string {
  return stripXmlIllegal(text).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** Text for a double-quoted XML attribute value; the parsed value equals `stripXmlIllegal(text)`. */
export function escapeXmlAttribute(text: string): string {
  return stripXmlIllegal(text).replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}
