import { Marked } from 'marked';

// One configured instance for the whole run; the global `marked` object is mutable shared state.
const md = new Marked({ gfm: true, breaks: false });

/** Markdown → HTML (unsanitized: raw HTML in Markdown passes through to the sanitizer). */
export function renderMarkdown(source: string): string {
  return md.parse(source, { async: false });
}
