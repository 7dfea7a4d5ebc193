/**
 * A copy of `text` that shares no memory with the string it was cut from.
 *
 * V8 represents a slice of 13 or more characters (`slice`, `trim`, a regex match, a one-element `join`)
 * as a view into the whole original string, so keeping a sentence or a word for the whole run keeps the
 * article it came from, and a template literal's result as a tree of its parts. A JSON round trip makes a
 * new flat string with the same code units (lone surrogates included: `JSON.stringify` escapes them and
 * `JSON.parse` restores them); a UTF-8 round trip would replace those.
 */
export function detachedCopy(text: string): string {
  // Shorter slices are copied by V8 itself (SlicedString::kMinLength): most words, at no cost.
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
