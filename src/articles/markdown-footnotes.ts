import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import { escapeHtml } from '../markup/index.js';

/**
 * Footnotes as GitHub and Pandoc write them, which marked does not read: a marker `[^1]` in the text and
 * a definition `[^1]: Measured at …` on a line of its own. Lines right after it indented by a tab or 2+
 * spaces go on with it, and so, after blank lines, do lines indented by a tab or 4+ spaces (a list or a
 * second paragraph of the note, as both write them); the note is read as blocks, so such a list stays a
 * list inside the note rather than becoming a code block in the body. Left to marked, both are literal
 * text, so `100 mph[^1]` and the definition reached the summary. A marker becomes `<sup>[1]</sup>` (a
 * bracketed `<sup>` is a reference marker, which the plain text leaves out) and a definition an `<aside>` in
 * place, label first (an aside's text is not the article's prose either). A marker with no definition
 * anywhere in the article (`[^nope]`) is left as the text it is, as GitHub shows it. No links between the
 * two: the sanitizer keeps no `id` to point at.
 * Neither has a `start`: a `start` searches the rest of the paragraph (or document) each time marked asks,
 * the quadratic cost markdown.ts guards against. Text runs stop at every `[` anyway, and a definition is
 * read where a block starts (after a blank line, as footnotes are written).
 */
const LABEL = String.raw`\[\^([^\]\s^]{1,40})\]`;
const MARKER = new RegExp(`^${LABEL}(?!:)`);
const DEFINITION_START = new RegExp(String.raw`^ {0,3}${LABEL}:[ \t]*`);
/** A line that goes on with the note right after it, and what of its indent is the note's. */
const NEXT_LINE = /^(?:\t| {2,4})(?=[ \t]*\S)/;
/** A line that goes on with the note after a blank line (a paragraph or a list of the note). */
const AFTER_BLANK = /^(?:\t| {4})(?=[ \t]*\S)/;
const BLANK = /^[ \t]*$/;

/**
 * Labels are matched as link labels are, without regard to case. marked lexes every block before any
 * inline text, so when a marker is read every definition of its document has been seen: the labels are
 * kept per lexer (one per document).
 */
const definedLabels = new WeakMap<object, Set<string>>();
const labelKey = (label: string): string => label.toLowerCase();

interface FootnoteMarker extends Tokens.Generic {
  label: string;
}

interface FootnoteDefinition extends Tokens.Generic {
  label: string;
  tokens: Tokens.Generic[];
}

/**
 * The note's lines after its first (`rest` starts after the first line's end, or is ''): how much of `rest`
 * belongs to the note, and those lines without the indent that made them the note's.
 */
function continuation(rest: string): { length: number; lines: string[] } {
  const lines: string[] = [];
  let length = 0;
  let at = 0;
  let blanks: string[] = [];
  let blankLength = 0;
  while (at < rest.length) {
    const end = rest.indexOf('\n', at);
    const next = end < 0 ? rest.length : end + 1;
    const line = rest.slice(at, end < 0 ? rest.length : end);
    if (BLANK.test(line)) {
      blanks.push('');
      blankLength += next - at;
    } else {
      const indent = (blanks.length === 0 ? NEXT_LINE : AFTER_BLANK).exec(line);
      if (indent === null) break;
      lines.push(...blanks, line.slice(indent[0].length));
      length += blankLength + next - at;
      blanks = [];
      blankLength = 0;
    }
    at = next;
  }
  return { length, lines };
}

const footnoteMarker: TokenizerAndRendererExtension = {
  name: 'footnoteMarker',
  level: 'inline',
  tokenizer(src): FootnoteMarker | undefined {
    const m = MARKER.exec(src);
    if (m === null) return undefined;
    const label = m[1] as string;
    if (definedLabels.get(this.lexer)?.has(labelKey(label)) !== true) return undefined;
    return { type: 'footnoteMarker', raw: m[0], label };
  },
  renderer: (token) => `<sup>[${escapeHtml((token as FootnoteMarker).label)}]</sup>`,
};

const footnoteDefinition: TokenizerAndRendererExtension = {
  name: 'footnoteDefinition',
  level: 'block',
  tokenizer(src): FootnoteDefinition | undefined {
    const start = DEFINITION_START.exec(src);
    if (start === null) return undefined;
    const label = start[1] as string;
    const firstEnd = src.indexOf('\n', start[0].length);
    const first = src.slice(start[0].length, firstEnd < 0 ? src.length : firstEnd);
    const more = firstEnd < 0 ? { length: 0, lines: [] } : continuation(src.slice(firstEnd + 1));
    const raw = firstEnd < 0 ? src : src.slice(0, firstEnd + 1 + more.length);
    let labels = definedLabels.get(this.lexer);
    if (labels === undefined) definedLabels.set(this.lexer, (labels = new Set()));
    labels.add(labelKey(label));
    const text = [first, ...more.lines].join('\n').trim();
    // blockTokens leaves `top` set when it ends; inside a list item marked wants it kept as it was.
    const top = this.lexer.state.top;
    const tokens = this.lexer.blockTokens(text, []);
    this.lexer.state.top = top;
    return { type: 'footnoteDefinition', raw, label, tokens };
  },
  renderer(token) {
    const { label, tokens } = token as FootnoteDefinition;
    const sup = `<sup>[${escapeHtml(label)}]</sup>`;
    const [lead, ...rest] = tokens;
    // The label opens the note's first paragraph, as it would be read aloud.
    const opening =
      lead?.type === 'paragraph' ? `<p>${sup} ${this.parser.parseInline(lead.tokens ?? [])}</p>\n` : `<p>${sup}</p>\n`;
    const body = lead?.type === 'paragraph' ? rest : tokens;
    return `<aside>${`${opening}${this.parser.parse(body)}`.trimEnd()}</aside>\n`;
  },
};

/** The `extensions` for `marked.use` that read footnote markers and definitions. */
export const FOOTNOTE_EXTENSIONS: TokenizerAndRendererExtension[] = [footnoteDefinition, footnoteMarker];
