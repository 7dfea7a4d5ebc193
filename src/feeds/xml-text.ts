import { stripXmlIllegal } from '../markup/index.js';

/**
 * Text bound for a CDATA section. xml-js (under `feed`) escapes only the first `]]>` of a CDATA
 * section, so a second one would end it early; in HTML `]]&gt;` renders the same.
 */
export function cdataSafe(text: string): string {
  return stripXmlIllegal(text).replaceAll(']]>', ']]&gt;');
}
