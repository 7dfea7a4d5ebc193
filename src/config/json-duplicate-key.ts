interface Frame {
  kind: 'object' | 'array';
  /** Object: the keys seen so far; array: unused. */
  keys: Set<string>;
  /** Where this container sits, as printed (`site`, `digests[1]`). */
  at: string;
  /** Object: the key whose value is being read; array: the index of the element being read. */
  current: string | number;
  expectKey: boolean;
}

function childPath(frame: Frame | undefined): string {
  if (!frame) return '';
  if (frame.kind === 'array') return `${frame.at}[${frame.current}]`;
  return frame.at === '' ? String(frame.current) : `${frame.at}.${String(frame.current)}`;
}

/**
 * The first key that appears twice in one object of `text`, as a path (`site`, `digests[0].id`), or
 * undefined. `text` must already be valid JSON (run `JSON.parse` first): this only walks its tokens.
 *
 * Hand-written because `JSON.parse` silently keeps the last of two equal keys and has no option to report
 * them, and parsing `.json` with a YAML parser (which does) would also accept text that is not JSON.
 */
export function duplicateJsonKey(text: string): string | undefined {
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    const top = stack[stack.length - 1];
    if (char === '{' || char === '[') {
      const kind = char === '{' ? 'object' : 'array';
      stack.push({ kind, keys: new Set(), at: childPath(top), current: 0, expectKey: kind === 'object' });
      i += 1;
    } else if (char === '}' || char === ']') {
      stack.pop();
      i += 1;
    } else if (char === ',') {
      if (top?.kind === 'object') top.expectKey = true;
      else if (top) top.current = (top.current as number) + 1;
      i += 1;
    } else if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top?.kind === 'object' && top.expectKey) {
        // Compared decoded, so "a" and "\u0061" are the same key, as they are to JSON.parse.
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        top.current = key;
        top.expectKey = false;
        if (top.keys.has(key)) return childPath(top);
        top.keys.add(key);
      }
      i = end + 1;
    } else {
      i += 1;
    }
  }
  return undefined;
}
