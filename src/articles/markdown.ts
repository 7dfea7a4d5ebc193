import { Marked } from 'marked';
import { MAX_NESTING } from './limits.js';
import { markdownDepth } from './nesting.js';
import { plainInlineText } from './markdown-text.js';

// One configured instance for the whole run; the global `marked` object is mutable shared state.
const md = new Marked({ gfm: true, breaks: false });
// The common case of marked's text rule without its costliest look-aheads (see markdown-text.ts).
md.use({ tokenizer: { inlineText: plainInlineText } });

/**
 * Markdown → HTML (unsanitized: raw HTML in Markdown passes through to the sanitizer), or an error
 * reason when the text nests deeper than {@link MAX_NESTING} (marked's time grows steeply with depth).
 */
export function renderMarkdown(source: string): string | { tooDeep: string } {
  const depth = markdownDepth(source);
  if (depth > MAX_NESTING) {
    return { tooDeep: `nested too deeply: ${depth} levels of lists, quotes or indentation (at most ${MAX_NESTING})` };
  }
  return md.parse(source, { async: false });
}
