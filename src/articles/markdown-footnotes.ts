import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import { escapeHtml } from '../markup/index.js';

/**
 * Footnotes as GitHub and Pandoc write them, which marked does not read: a marker `[^1]` in the text and
 * a definition `[^1]: Measured at …` on a line of its own (lines after it indented by a tab or 2+ spaces
 * go on with it). Left to marked, both are literal text, so `100 mph[^1]` and the definition reached the
 * summary. A marker becomes `<sup>[1]</sup>` (a bracketed `<sup>` is a reference marker, which the plain
 * text leaves out) and a definition an `<aside>` in place, label first (an aside's text is not the
 * article's prose either). No links between the two: the sanitizer keeps no `id` to point at.
 * Neither has a `start`: a `start` searches the rest of the paragraph (or document) each time marked asks,
 * the quadratic cost markdown.ts guards against. Text runs stop at every `[` anyway, and a definition is
 * read where a block starts (after a blank line, as footnotes are written).
 */
const LABEL = String.raw`\[\^([^\]\s^]{1,40})\]`;
const MARKER = new RegExp(`^${LABEL}(?!:)`);
const DEFINITION = new RegExp(String.raw`^ {0,3}${LABEL}:[ \t]*([^\n]*(?:\n(?:\t| {2,})[^\n]*)*)(?:\n|$)`);

interface FootnoteMarker extends Tokens.Generic {
  label: string;
}

interface FootnoteDefinition extends Tokens.Generic {
  label: string;
  tokens: Tokens.Generic[];
}

const footnoteMarker: TokenizerAndRendererExtension = {
  name: 'footnoteMarker',
  level: 'inline',
  tokenizer(src): FootnoteMarker | undefined {
    const m = MARKER.exec(src);
    if (m === null) return undefined;
    return { type: 'footnoteMarker', raw: m[0], label: m[1] as string };
  },
  renderer: (token) => `<sup>[${escapeHtml((token as FootnoteMarker).label)}]</sup>`,
};

const footnoteDefinition: TokenizerAndRendererExtension = {
  name: 'footnoteDefinition',
  level: 'block',
  tokenizer(src): FootnoteDefinition | undefined {
    const m = DEFINITION.exec(src);
    if (m === null) return undefined;
    const text = (m[2] as string).replace(/\n[ \t]+/g, '\n').trim();
    return { type: 'footnoteDefinition', raw: m[0], label: m[1] as string, tokens: this.lexer.inlineTokens(text) };
  },
  renderer(token) {
    const { label, tokens } = token as FootnoteDefinition;
    return `<aside><p><sup>[${escapeHtml(label)}]</sup> ${this.parser.parseInline(tokens)}</p></aside>\n`;
  },
};

/** The `extensions` for `marked.use` that read footnote markers and definitions. */
export const FOOTNOTE_EXTENSIONS: TokenizerAndRendererExtension[] = [footnoteDefinition, footnoteMarker];
