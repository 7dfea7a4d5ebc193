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
      if (c === ' ' || c === '\t') {
        // Indentation before the first marker nests; spaces after a marker only separate.
        if (depth === 0) columns += c === ' ' ? 1 : 4;
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

/** Thrown from a parser callback to stop parsing: the answer is known. */
class DepthExceeded extends Error {}

/**
 * `limit + 1` when an HTML tokenizer (htmlparser2, as the sanitizer and the HTML reader use; implied
 * closes included) nests elements deeper than `limit` in `html`, else `undefined`. Parsing stops at the
 * first element past the limit: htmlparser2's own cost grows with depth, so an unchecked 100,000-level
 * page took over 20 s; bounded like this the scan is linear in the length.
 */
export function htmlDepthOver(html: string, limit: number): number | undefined {
  // Depth cannot exceed the number of tags, so most bodies are decided without parsing.
  let tags = 0;
  for (let i = html.indexOf('<'); i !== -1 && tags <= limit; i = html.indexOf('<', i + 1)) tags++;
  if (tags <= limit) return undefined;
  let depth = 0;
  const parser = new Parser(
    {
      onopentag() {
        if (++depth > limit) throw new DepthExceeded();
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false, lowerCaseTags: true },
  );
  try {
    parser.end(html);
  } catch (error) {
    if (error instanceof DepthExceeded) return limit + 1;
    throw error;
  }
  return undefined;
}
