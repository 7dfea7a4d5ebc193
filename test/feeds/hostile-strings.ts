/**
 * Strings that have broken feed writers: markup and entity look-alikes, CDATA terminators, characters XML 1.0
 * forbids, bidi controls, astral characters, very long text and words that old post-render scans rejected.
 * Each is put into every text field of a feed; see `render-feeds-hostile.test.ts` and `compare-writers.ts`.
 */
export const HOSTILE_STRINGS: Record<string, string> = {
  lessThan: 'a < b',
  ampersand: 'Fish & Chips',
  quotes: `He said "hi" and 'bye'`,
  cdataEnd: 'x ]]> y',
  cdataEndTwice: 'a ]]> b ]]> c ]]]]> d',
  cdataOpen: '<![CDATA[ not markup ]]>',
  generic: 'List<T>',
  bareLess: 'a<b',
  htmlBold: '<b>bold</b>',
  escapedEntity: '&amp; &lt;b&gt; &#38; &nbsp;',
  aposEntity: 'it&apos;s <i>&apos;</i>',
  commentLike: '<!-- not a comment --> -->',
  controls: 'bell\u0007 nul\u0000 esc\u001b vt\u000b ff\u000c us\u001f end',
  loneSurrogates: 'high\uD800 low\uDC00 reversed\uDC00\uD800 end',
  nonCharacters: 'fffe\uFFFE ffff\uFFFF end',
  bidi: '\u202Eabc\u202C \u200Fمرحبا\u200E \u2066iso\u2069',
  emoji: 'Launch 🚀 👩‍👩‍👧 🇯🇵 e\u0301',
  cjk: '日本 東京',
  undefinedWord: 'undefined',
  invalidDateWord: 'Invalid Date',
  nullish: 'null NaN [object Object]',
  xmlDecl: '<?xml version="1.0"?><rss>',
  doctype: '<!DOCTYPE x [<!ENTITY e "boom">]>&e;',
  whitespace: 'tab\there\nnew line\r\ncrlf\rcr',
  long: `${'long text & <more> ]]> '.repeat(4_300)}end`,
};

/** What a conforming parser should hand back: the text without the characters XML 1.0 cannot carry. */
export function xmlRepresentable(text: string): string {
  // XML 1.0 §2.2: the Char production, less DEL and the C1 controls it asks authors to avoid.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\uD800-\uDFFF]/gu, '');
}

/**
 * A one-line field (title, category, name) as a reader should show it: XML-representable, each whitespace
 * run one space, outer whitespace trimmed; except that a no-break space (U+00A0 or U+202F) alone before a
 * non-space stays, as French typography sets it before `! ? : ; %` (README: Summaries).
 */
export function expectedLine(text: string): string {
  const clean = xmlRepresentable(text);
  let line = '';
  for (let i = 0; i < clean.length; ) {
    let end = i;
    while (end < clean.length && /\s/.test(clean.charAt(end))) end++;
    if (end === i) {
      line += clean.charAt(i++);
      continue;
    }
    const run = clean.slice(i, end);
    line += (run === '\u00a0' || run === '\u202f') && end < clean.length ? run : ' ';
    i = end;
  }
  return line.trim();
}

/** A multi-line field (summary, HTML body): XML-representable, CR and CRLF read as LF, outer whitespace trimmed. */
export function expectedBlock(text: string): string {
  return xmlRepresentable(text).replace(/\r\n?/g, '\n').trim();
}
