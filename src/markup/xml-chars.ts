// XML 1.0 §2.2 Char production: C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF and unpaired
// surrogates can never appear in a well-formed document, not even escaped. With the `u` flag
// the surrogate range only matches a half that is not part of a valid pair. Also removed: DEL and the C1
// controls (U+007F-U+009F), which §2.2 asks authors to avoid and HTML calls a parse error; in text they are
// almost always mis-decoded Windows-1252, and feedparser shows them as such (`\u0085` as `…`).
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\uD800-\uDFFF]/gu;
// Cheap pre-check without the `u` flag (which is markedly slower on long strings); it also
// matches valid surrogate pairs, which then take the exact path above.
const MAYBE_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Removes every character that XML 1.0 forbids or discourages, so feeds built from the text stay well-formed. */
export function stripXmlIllegal(text: string): string {
  return MAYBE_ILLEGAL.test(text) ? text.replace(XML_ILLEGAL, '') : text;
}
