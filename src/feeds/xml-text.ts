// XML 1.0 §2.2 Char production: only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// The `u` flag makes lone surrogates match as single code units, so they are removed too.
const ILLEGAL_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes characters that XML 1.0 forbids (the `feed` package passes them into CDATA unchanged). */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(ILLEGAL_XML_CHARS, '');
}

export function hasInvalidXmlChars(text: string): boolean {
  ILLEGAL_XML_CHARS.lastIndex = 0;
  const found = ILLEGAL_XML_CHARS.test(text);
  ILLEGAL_XML_CHARS.lastIndex = 0;
  return found;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML/XML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Text bound for a CDATA section. xml-js (under `feed`) escapes only the first `]]>` of a CDATA
 * section, so a second one would end it early; in HTML `]]&gt;` renders the same.
 */
export function cdataSafe(text: string): string {
  return stripInvalidXmlChars(text).replaceAll(']]>', ']]&gt;');
}
