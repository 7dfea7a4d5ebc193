import { Parser } from 'htmlparser2';

// Marked and the HTML sanitizer recurse per nesting level (a 1,000-level Markdown list took 5 s, a
// 10,000-level quote overflowed the stack), so depth is measured first, in one linear pass.

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;

/**
 * An upper bound on the container depth of any Markdown line: quote markers, list markers and
 * indentation (two columns per level, a tab counting four) in the line's leading part.
 */
export function markdownDepth(text: string): number {
  let max = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end === -1) end = text.length;
    let depth = 0;
    let columns = 0;
    let i = lineStart;
    while (i < end) {
      const c = text[i];
      if (c === ' ') {
        columns++;
        i++;
      } else if (c === '\t') {
        columns += 4;
        i++;
      } else if (c === '>') {
        depth++;
        i++;
      } else {
        const marker = LIST_MARKER.exec(text.slice(i, Math.min(end, i + 11)));
        if (marker === null) break;
        depth++;
        i += marker[0].length;
      }
    }
    // A blank line's indentation nests nothing.
    if (i < end || depth > 0) depth += Math.floor(columns / 2);
    if (depth > max) max = depth;
    lineStart = end + 1;
  }
  return max;
}

/**
 * Deepest element nesting of an HTML fragment as an HTML tokenizer sees it (implied closes included),
 * or, when the fragment has at most `limit` tags, the number of tags (a bound that is enough to decide).
 */
export function htmlDepth(html: string, limit = Number.POSITIVE_INFINITY): number {
  // Depth cannot exceed the number of tags; most bodies are decided without parsing.
  let tags = 0;
  for (let i = html.indexOf('<'); i !== -1 && tags <= limit; i = html.indexOf('<', i + 1)) tags++;
  if (tags <= limit) return tags;
  let depth = 0;
  let max = 0;
  const parser = new Parser(
    {
      onopentag() {
        depth++;
        if (depth > max) max = depth;
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false, lowerCaseTags: true },
  );
  parser.end(html);
  return max;
}
