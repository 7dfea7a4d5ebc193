// A leaf module (no imports): a no-change run tells article sources from other files without loading the parsers.
export type Format = 'txt' | 'md' | 'json' | 'html';
// A Map, not an object literal: a name ending in `.constructor` or `.__proto__` is no format.
const FORMATS = new Map<string, Format>([['txt', 'txt'], ['md', 'md'], ['markdown', 'md'], ['json', 'json'], ['html', 'html'], ['htm', 'html']]);

export function formatOf(path: string): Format | undefined {
  // Hidden files and folders (.DS_Store, .git/…) are never content: some segment starts with a dot.
  if (path.startsWith('.') || path.includes('/.')) return undefined;
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? undefined : FORMATS.get(name.slice(dot + 1).toLowerCase());
}
