import type { Tokens } from 'marked';

/**
 * marked's GFM rule for a run of plain inline text is one regular expression that, at every character,
 * also looks ahead for an e-mail address (scanning the next word for an `@`), a `mailto:`/`xmpp:` link,
 * `ftp://` and a hard line break: the largest single cost of turning news Markdown into HTML. Where the
 * rest of the paragraph holds none of those (no `@`, no such scheme, no two spaces before a newline), the
 * run ends where the rule's remaining stops are, found by one simpler search. Where it also holds no
 * `&#`, the token's text is its raw text (marked decodes numeric character references, which start so).
 * Anything else is left to marked's own rule. `test/articles/markdown-text.test.ts` compares the HTML
 * with marked's own on generated Markdown.
 */
const NEEDS_FULL_RULE = /@|&#|mailto:|xmpp:|[fF][tT][pP]:\/\/| {2,}\n/;
// Where marked's rule stops a text run: before a character that may start other syntax, a bare
// `http(s)` (an autolink candidate), or `www.` after a space, `*`, `_`, `~` or `(` (or at the start).
const TEXT_STOP = /[\\<!\[`*~_]|[hH][tT][tT][pP]|(?<![^\s*_~(])www\./g;

// marked asks for text runs along a paragraph, each time with the rest of it: a text found free of what
// needs the full rule is remembered, and so is every rest of it, without scanning them again.
let checkedFree = '';
const free = (src: string): boolean => {
  if (src.length <= checkedFree.length && checkedFree.endsWith(src)) return true;
  if (NEEDS_FULL_RULE.test(src)) return false;
  checkedFree = src;
  return true;
};

interface TokenizerThis {
  lexer: { state: { inRawBlock: boolean } };
}

/** A `tokenizer.inlineText` for `marked.use`: the text token, or false to let marked's rule decide. */
export function plainInlineText(this: TokenizerThis, src: string): Tokens.Text | false {
  if (src === '' || this.lexer.state.inRawBlock || !free(src)) return false;
  // The rule's first step: a run of backticks or tildes, or any one character.
  const first = src.charCodeAt(0);
  let start = 1;
  if (first === 0x60 || first === 0x7e) while (src.charCodeAt(start) === first) start++;
  TEXT_STOP.lastIndex = start;
  const stop = TEXT_STOP.exec(src);
  const raw = stop === null ? src : src.slice(0, stop.index);
  return { type: 'text', raw, text: raw, escaped: false };
}
