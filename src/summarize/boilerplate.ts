/**
 * Removes page furniture that scraped news text carries into the body: bylines with publish and
 * update stamps, datelines, photo credits and "follow us" lines. The patterns are written from the
 * shapes news sites use, not from any one corpus: each needs a marker word or a bracketed agency so
 * ordinary sentences are never touched.
 */

/** `By . Jane Doe . PUBLISHED: . 14:11 EST, 25 October 2013 . | . UPDATED: . 15:36 EST, 25 October 2013 .` */
const BYLINE_STAMPS =
  /^\s*(?:By\s*\.?\s*[^.|]{1,80}?\s*\.\s*(?:and\s+[^.|]{1,80}?\s*\.\s*)?)?(?:(?:PUBLISHED|UPDATED|Last updated)\s*(?::|at)?\s*\.?\s*[0-9][^|]{0,60}?\b(?:19|20)[0-9]{2}\s*\.?\s*\|?\s*\.?\s*)+/i;
/** A lone byline before the first sentence: `By . Jane Doe . ` (name-like words only). */
const BYLINE = /^\s*By\s*\.\s*(?:\p{Lu}[\p{L}'’-]*\.?\s*){1,4}(?:and\s+(?:\p{Lu}[\p{L}'’-]*\s*){1,4})?\.\s*/u;
/** A byline as a block of its own: `By Jane Doe`, `By Jane Doe and John Roe, CNN`, `By JANE DOE.` */
const NAME = String.raw`\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}`;
const BYLINE_BLOCK = new RegExp(String.raw`^By\s+${NAME}(?:\s*(?:,|&|\band\b)\s*${NAME}){0,4}\s*\.?$`, 'u');
/**
 * `LONDON, England (Reuters) --`, `Canberra, Australia (CNN) --`, `(CNN)`, `WASHINGTON (AP) —`, with up to three
 * place names (`Chao Hu, Anhui, China (CNN)`) and a date after them (`LONDON, March 3 (Reuters) -`,
 * `PARIS, Jan. 5, 2026 (AFP) -`, `Berlin, 5. Januar (dpa) –`).
 */
const PLACE = String.raw`(?:\p{Lu}[\p{L}.'’-]*\s*){1,4}`;
const DATE = String.raw`(?:,\s*(?:\p{Lu}\p{L}*\.?\s+\d{1,2}|\d{1,2}\.?\s+\p{Lu}\p{L}*\.?)(?:,?\s*\d{4})?\s*)`;
const DATELINE = new RegExp(
  String.raw`^\s*(?:${PLACE}(?:,\s*${PLACE}){0,2}${DATE}?)?\((?:CNN|AP|AFP|Reuters|Bloomberg|UPI|dpa|EFE|ANSA|Xinhua|PA)(?:\s+\p{L}+)?\)\s*(?:--|—|–|-)?\s*`,
  'u',
);
/** `LONDON -- ` or `PARIS — `: a capitalised place and a long dash before the first sentence. */
const CAPS_DATELINE = /^\s*\p{Lu}[\p{Lu} .,'’-]{2,40}\s(?:--|—|–)\s+/u;
/** Whole sentences that are furniture, wherever they appear. */
const FURNITURE = [
  /^(?:follow|like)\s+(?:us|me|\p{Lu}[\p{L}]*)\s+on\s+(?:twitter|facebook|instagram|x|threads|bluesky|mastodon|linkedin|tiktok)\b/iu,
  /^(?:click|scroll down|read more|related:|see also|sign up|subscribe|share this|watch:?|video:|photo:|pictured:)\b/i,
  /^(?:\(?(?:photo|image|picture|video)s?\s*(?:credit)?\s*:|\(?credit\s*:)/i,
  /(?:^|\s)(?:getty images|reuters|ap photo|afp|epa|shutterstock|pa wire)\)?\.?$/i,
  /^(?:copyright|©|all rights reserved)/i,
  /^e-?mail\s+(?:us|me)\b|@\S+\.\S+\.?$/i,
];

/** The text without a leading byline, update stamps or dateline. */
export function stripLeadingBoilerplate(text: string): string {
  let out = text;
  for (let pass = 0; pass < 3; pass++) {
    const before = out;
    out = out.replace(BYLINE_STAMPS, '').replace(BYLINE, '').replace(DATELINE, '').replace(CAPS_DATELINE, '');
    if (out === before) break;
  }
  return out;
}

/**
 * `text` from its lead on, as the summarizer's first sentence starts: leading blank lines and byline
 * blocks dropped, and a byline, update stamps and dateline removed from the first block left (a block
 * that was nothing else is dropped too). What a derived headline is taken from, so a title never keeps
 * the `WASHINGTON (AP) —` or `By Anna Berg` that the summary of the same article drops.
 */
export function fromLead(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const block = (lines[i] as string).trim();
    if (block === '' || isBylineBlock(block)) continue;
    const stripped = stripLeadingBoilerplate(block).trim();
    if (stripped === '') continue;
    return [stripped, ...lines.slice(i + 1)].join('\n');
  }
  return text;
}

/** Whether a whole block (paragraph, line) is a byline and nothing else. */
export function isBylineBlock(block: string): boolean {
  return BYLINE_BLOCK.test(block.trim());
}

/** Whether a whole sentence is page furniture (credits, "Follow us on …", share prompts). */
export function isFurniture(sentence: string): boolean {
  const s = sentence.trim();
  return FURNITURE.some((pattern) => pattern.test(s));
}
