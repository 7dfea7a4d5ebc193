/** Longest published title, in UTF-16 code units; longer ones are cut at a word with `…`. */
export const MAX_TITLE = 300;
/** Longest published front-matter (or `<meta name="description">`) summary. */
export const MAX_SUMMARY = 1000;
/**
 * Longest category name; a longer one is dropped (with a warning) rather than cut, since a cut could make
 * two different names one.
 */
export const MAX_CATEGORY = 100;
/**
 * Most categories (tags included, after merging equal names) one article is filed under; later ones are
 * dropped with one warning. Each category is a feed set and a listing page the article touches, so an
 * article tagged 3,000 times (a generated keyword list, a paste) would make thousands of objects and
 * change all of them whenever it is edited. Real news tagging stays far below (the 10,000-article bench
 * corpus: 1 category and 3 tags each).
 */
export const MAX_CATEGORIES_PER_ARTICLE = 100;
/** Deepest nesting of Markdown lists, quotes or indentation an article may have; deeper ones are rejected. */
export const MAX_NESTING = 100;
/**
 * Deepest HTML element nesting: a Markdown list level is two elements (`ul` > `li`), and a page keeps a
 * few wrappers, so the limit leaves room for a Markdown article at {@link MAX_NESTING}.
 */
export const MAX_ELEMENT_DEPTH = 2 * MAX_NESTING + 56;

/**
 * `text` if it fits in `max` code units; otherwise cut at the last space that leaves something and
 * ended with `…` (the result, ellipsis included, is at most `max`). A single word longer than `max` is
 * cut mid-word, never inside a surrogate pair.
 */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - 1;
  const space = text.lastIndexOf(' ', room);
  let cut = space > 0 ? space : room;
  if (space <= 0 && /[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut--;
  const head = text.slice(0, cut).replace(/[\s.,;:!?…-]+$/u, '');
  return `${head === '' ? text.slice(0, cut) : head}…`;
}
