const NEEDS_COLLAPSE = /[\t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

/**
 * A whitespace run, unless it is one no-break space alone: French typography puts U+00A0 or U+202F before
 * `% ! ? : ; »` and after `«`, and a plain space there lets a line break strand the mark.
 */
const COLLAPSIBLE_RUN = /(?![\u00a0\u202f]\S)\s+/g;

/**
 * Collapses whitespace runs to one space; a single no-break space between two non-spaces is kept. Text that
 * is already clean is returned as is: a replace would otherwise rebuild every string, since each single
 * space is a match — measurable over ten thousand articles.
 */
export function collapseWhitespace(text: string): string {
  return NEEDS_COLLAPSE.test(text) ? text.replace(COLLAPSIBLE_RUN, ' ') : text;
}
