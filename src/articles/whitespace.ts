const NEEDS_COLLAPSE = /[\t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

/**
 * Collapses whitespace runs to one space. Text that is already clean is returned as is:
 * `replace(/\s+/g, ' ')` would otherwise rebuild every string, since each single space
 * is a match — measurable over ten thousand articles.
 */
export function collapseWhitespace(text: string): string {
  return NEEDS_COLLAPSE.test(text) ? text.replace(/\s+/g, ' ') : text;
}
