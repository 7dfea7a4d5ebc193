import { createHash } from 'node:crypto';
import type { ArticleMeta } from './meta.js';

/** The fields of an article its print covers, besides the sanitized body. */
export interface ShownFields {
  meta: ArticleMeta;
  title: string;
  image: string | undefined;
  enclosure: { url: string; type: string; length: number; duration?: number } | undefined;
}

/** An article's print, and the print records written before may hold for it (see {@link shownPrints}). */
export interface ShownPrints {
  print: string;
  /** The print of the body with its whitespace as written; set only when that differs from `print`. */
  printAsWritten?: string;
}

/**
 * What readers are shown of the article, hashed: its normalized fields and sanitized body. A source edit
 * that changes none of them (front-matter keys reordered, a YAML comment, a quoted title, a date spelled
 * with +00:00, a comment in an HTML page's head) changes the source's hash but not this, and `updated`
 * stays: readers are not told of an edit they cannot see. Neither are they told of a paragraph rewrapped:
 * the body is hashed with its whitespace as a browser renders it (see {@link renderedWhitespace}).
 *
 * Records written before whitespace was folded hold the print of the body as written; that print is
 * returned too whenever it differs, so a state from before compares equal to an unchanged article (an
 * upgrade must not re-date every wrapped Markdown paragraph once).
 */
export function shownPrints(fields: ShownFields, contentHtml: string): ShownPrints {
  const rendered = renderedWhitespace(contentHtml);
  const print = bodyPrint(fields, rendered);
  return rendered === contentHtml ? { print } : { print, printAsWritten: bodyPrint(fields, contentHtml) };
}

function bodyPrint({ meta, title, image, enclosure }: ShownFields, body: string): string {
  const { warnings: _dropped, ...shown } = meta;
  // The body fed as it is, after the fields' JSON and a newline (which JSON text never holds raw): not
  // escaped into the JSON first, which cost ~90 ms of a cold 10,000-article build.
  const fields = JSON.stringify([shown, title, image ?? null, enclosure ?? null]);
  return createHash('sha256').update(fields).update('\n').update(body).digest('hex').slice(0, 24);
}

// HTML's ASCII whitespace (https://infra.spec.whatwg.org/#ascii-whitespace); a no-break space and other
// Unicode spaces render as they are written, so they stay.
const FOLDABLE = /[\t\n\f\r]| {2}| <\/?(?:p|li|h[1-6]|blockquote|figcaption|td|th|dd|dt)\b|<(?:p|li|h[1-6]|blockquote|figcaption|td|th|dd|dt)\b[^>]*> /;
// A space at the start or end of a block's text (after its opening tag, before its closing one or the next
// block) renders as nothing: an editor's trailing spaces at a paragraph's end are no edit either.
// Both branches start with the space, so the engine looks behind only where a space is: written as
// `(?<=tag) ` the look-behind ran at every position of every article (5-7x slower on news HTML).
const BLOCK_EDGE_SPACE = / (?:(?=<\/?(?:p|li|h[1-6]|blockquote|figcaption|td|th|dd|dt|ul|ol|div)\b)|(?<=<\/?(?:p|li|h[1-6]|blockquote|figcaption|td|th|dd|dt|ul|ol|div)\b[^>]*> ))/g;
// A tag of sanitized HTML (its text and attribute values hold `<` and `>` only escaped, and it has no
// comments), or a run of whitespace that is not a single space.
const TAG_OR_RUN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>|[\t\n\f\r ]{2,}|[\t\n\f\r]/g;
// Elements whose whitespace is shown as written: preformatted text and code. Inline `code` renders
// collapsed by default, but readers' stylesheets often make it `pre-wrap`; counting its spacing costs
// at most a needless `updated`, never a missed one.
const KEEPS_WHITESPACE = new Set(['pre', 'textarea', 'code']);

/**
 * Sanitized HTML with every run of ASCII whitespace in its text folded into one space, outside the
 * elements that show whitespace as written: HTML that a browser renders the same way gives the same
 * string (a line break moved within a paragraph, indentation changed). Attribute values are untouched.
 * Only for the print: published HTML keeps its whitespace.
 */
export function renderedWhitespace(html: string): string {
  if (!FOLDABLE.test(html)) return html;
  let kept = 0;
  const folded = html.replace(TAG_OR_RUN, (match: string, close: string | undefined, name: string | undefined) => {
    if (name === undefined) return kept > 0 ? match : ' ';
    if (KEEPS_WHITESPACE.has(name.toLowerCase())) kept = close === '/' ? Math.max(0, kept - 1) : kept + 1;
    return match;
  });
  // Block tags never stand inside `pre`, `code` or `textarea` of sanitized HTML, so no kept space is one.
  return dropBlockEdgeSpaces(folded);
}

/** Removes each space at a block's edge (exported for its test against the rule's first form). */
export function dropBlockEdgeSpaces(html: string): string {
  return html.replace(BLOCK_EDGE_SPACE, '');
}
