// A leaf module (no imports): a no-change run tells article sources from other files without loading the parsers.
export type Format = 'txt' | 'md' | 'json' | 'html';
const FORMATS: Record<string, Format> = { txt: 'txt', md: 'md', markdown: 'md', json: 'json', html: 'html', htm: 'html' };

export function formatOf(path: string): Format | undefined {
  const segments = path.split('/');
  // Hidden files and folders (.DS_Store, .git/…) are never content.
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  const name = segments[segments.length - 1] ?? '';
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? undefined : FORMATS[name.slice(dot + 1).toLowerCase()];
}
