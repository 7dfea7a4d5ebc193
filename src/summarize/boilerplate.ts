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
 * Month names (and their usual short forms) in the languages news agencies file datelines in: English,
 * French, Spanish, Portuguese, Italian, German, Dutch and Russian (nominative and genitive, `3 марта`).
 * A date made of one of these is what lets a dateline without an agency be told from a sentence.
 */
const MONTH_NAMES = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
  'janv', 'févr', 'avr', 'juil', 'déc',
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre',
  'ene', 'abr', 'ago', 'dic',
  'janeiro', 'fevereiro', 'março', 'maio', 'junho', 'julho', 'setembro', 'outubro', 'dezembro', 'fev', 'set', 'out', 'dez',
  'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre', 'dicembre', 'gen', 'mag', 'giu', 'lug', 'ott',
  'januar', 'jänner', 'februar', 'märz', 'juni', 'juli', 'oktober', 'dezember',
  'januari', 'februari', 'maart', 'mei', 'augustus',
  'январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь',
  'января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря',
];
// Lower case or capitalised; longest first so `mar` never stops short of `marzo`.
const MONTH = `(?:${[...new Set(MONTH_NAMES)]
  .sort((a, b) => b.length - a.length)
  .map((m) => `[${m[0] as string}${(m[0] as string).toUpperCase()}]${m.slice(1)}`)
  .join('|')})\\.?`;
/** A day of the month: `3`, `1er` (French), `1º` (Spanish, Portuguese), `5.` (German). */
const DAY = String.raw`\d{1,2}(?:er|º|\.)?`;
/** `March 3`, `Jan. 5, 2026`, `1er mars`, `4 de marzo de 2026`, `3 марта`. */
const MONTH_DATE = String.raw`(?:${MONTH}\s+\d{1,2}|${DAY}\s+(?:de\s+)?${MONTH})(?:,?\s*(?:de\s+)?\d{4})?(?![\p{L}\p{N}])`;
/**
 * `LONDON, England (Reuters) --`, `Canberra, Australia (CNN) --`, `(CNN)`, `WASHINGTON (AP) —`, with up to three
 * place names (`Chao Hu, Anhui, China (CNN)`), each of up to four cities joined by `/` (`LONDON/PARIS`), and a
 * date after them (`LONDON, March 3 (Reuters) -`, `PARIS, Jan. 5, 2026 (AFP) -`, `Berlin, 5. Januar (dpa) –`,
 * `MADRID, 4 mar (EFE) -`). A place may be written in a script without capitals (`دبي (رويترز) -`).
 */
// Words are whole (a space between them, none optional), so a long run of capitals cannot be split into
// words in exponentially many ways before the match fails.
const PLACE_WORD = String.raw`(?:\p{Lu}[\p{L}.'’-]*|\p{Lo}[\p{Lo}\p{M}]*)(?![\p{L}\p{M}.'’-])`;
const PLACE_NAME = String.raw`${PLACE_WORD}(?:\s+${PLACE_WORD}){0,3}\s*`;
const PLACE = String.raw`${PLACE_NAME}(?:/\s*${PLACE_NAME}){0,3}`;
const DATE = String.raw`(?:,\s*(?:\p{Lu}\p{L}*\.?\s+\d{1,2}|\d{1,2}\.?\s+\p{Lu}\p{L}*\.?|${MONTH_DATE})(?:,?\s*\d{4})?\s*)`;
/** Agencies as datelines name them, in Latin script and in the scripts of Arabic and Russian wires. */
const AGENCY = String.raw`(?:CNN|AP|AFP|Reuters|Bloomberg|UPI|dpa|EFE|ANSA|Xinhua|PA|Kyodo|Yonhap|Lusa|ANP|Belga|رويترز|أ\s?ف\s?ب|د\s?ب\s?أ|Рейтер|ТАСС|РИА|Интерфакс)`;
const DATELINE = new RegExp(
  String.raw`^\s*(?:${PLACE}(?:,\s*${PLACE}){0,2}${DATE}?)?\(${AGENCY}(?:\s+\p{L}+)?\)\s*(?:--|—|–|-)?\s*`,
  'u',
);
/**
 * `WASHINGTON — `, `LONDON/PARIS — `: a place in capitals and a long dash before the first sentence, the
 * dateline of papers that name no agency (The New York Times, The Washington Post). Not the acronym of an
 * organisation that opens a sentence as its subject (`NATO — The alliance said…`): those are named, since
 * nothing else tells them from a place.
 */
const ORGANISATION_ACRONYMS = 'NATO|UN|EU|WHO|NASA|FBI|CIA|IMF|OPEC|OECD|WTO|ECB|FIFA|UEFA|IOC|UNICEF|UNESCO|UNHCR|ASEAN|IAEA|ICC|UNSC';
const CAPS_DATELINE = new RegExp(String.raw`^\s*(?!(?:${ORGANISATION_ACRONYMS})\s)\p{Lu}[\p{Lu} .,'’/-]{2,40}\s(?:--|—|–)\s+`, 'u');
/**
 * `MOSCOW, March 3 — `, `SAN FRANCISCO/NEW YORK, Jan 5 - `: a place in capitals and a date of a month name,
 * then any dash, with no agency. The capitals and the month name are the anchor: `Paris, March 3 — the city
 * woke` or `NASA said on March 3 - ` stay.
 */
const CAPS_WORD = String.raw`\p{Lu}[\p{Lu}.'’-]+(?![\p{L}.'’-])`;
const CAPS_PLACE = String.raw`${CAPS_WORD}(?:\s+${CAPS_WORD}){0,3}`;
const DATED_CAPS_DATELINE = new RegExp(
  String.raw`^\s*${CAPS_PLACE}(?:\s*/\s*${CAPS_PLACE}){0,3}(?:,\s*${CAPS_PLACE})?,\s*${MONTH_DATE}\s*(?:--|—|–|-)\s+`,
  'u',
);
/**
 * What may follow a prompt's words for the line to be the prompt alone: nothing, a stop, a colon or an arrow
 * (`Read more »`), or a quoted or linked headline. A word after them means the words began a sentence of the
 * story (`Read more than 200 pages…`, `Related articles in the journal showed…`).
 */
const PROMPT_END = String.raw`\s*(?:$|[:.!|»›>…–—'"‘“-])`;
/**
 * `Read more`, then the end, a headline after a colon, or where the rest is (`from WIRED`, `of her work at`,
 * `about how…`, `here`); `Read more than…` and `Read more books…` are sentences.
 */
const READ_MORE = new RegExp(String.raw`^read more(?:${PROMPT_END}|\s+(?:from|of|about|at|on|in|here|stories|news)\b)`, 'iu');
/** `Share this`, `Share this article on Facebook`: the page's own share button, not `Share this moment with…`. */
const SHARE_THIS = new RegExp(
  String.raw`^share this(?:\s+(?:article|story|page|post|video|photo|image|gallery|link|content))?(?:${PROMPT_END}|\s+(?:on|via|with)\b)`,
  'iu',
);
/** A list heading (`Related articles`, `Related stories: …`) and nothing else of a sentence. */
const RELATED = new RegExp(String.raw`^related (?:articles?|stories|coverage|content|links|reading)${PROMPT_END}`, 'iu');
/**
 * `Copyright 2024 Reuters.`, `Copyright © 2015 Rolling Stone.`, `Copyright (c) …`, `Copyright: …`, `©2015 …`,
 * `Copyright The Associated Press.`, `All rights reserved.`: the notice has a year, a sign or a colon after the
 * word, or only a name (capitalised words, perhaps a year); `Copyright lawyers said…` is news.
 */
const COPYRIGHT = /^(?:copyright\s*(?:$|©|\(c\)|:|(?:19|20)\d{2}\b)|©|all rights reserved\s*\.?$)/iu;
// Case-sensitive: with the `i` flag `\p{Lu}` matches lower case too, and `Copyright law is complex.` is news.
const COPYRIGHT_NAME = /^(?:Copyright|COPYRIGHT)(?:\s+\p{Lu}[\p{L}\p{N}.'’&-]*){1,5}(?:,?\s+(?:19|20)\d{2})?\s*\.?$/u;

/** `Photo by`, `Photographs by`, `(Picture courtesy of`: a credit's opening words, in any case. */
const CREDIT_BY = /^\(?(?:photo(?:graph)?|picture|image)s?\s+(?:by|courtesy(?:\s+of)?)\s+/iu;
/**
 * What a credit names after them: capitalised names and agencies (`Jane Smith/Reuters`, `Jane Smith, Getty
 * Images`, `Jane Smith and John Roe for The New York Times`, `Jane Smith/AFP via Getty Images`) and nothing
 * else, so `Photos by Jane Smith were shown at the trial.` and `Photo by photo, …` stay sentences.
 * Case-sensitive: with the `i` flag `\p{Lu}` matches lower case too.
 */
const CREDIT_NAME = String.raw`\p{Lu}[\p{L}\p{N}.'’&-]*`;
const CREDITED = new RegExp(
  String.raw`^${CREDIT_NAME}(?:(?:\s*[/|,]\s*|\s+(?:and|for|via|of)\s+|\s+)${CREDIT_NAME}){0,9}\s*\)?\s*\.?$`,
  'u',
);

/** A photo credit line: `Photo by Jane Smith.`, `Photo by Jane Smith/Reuters`. */
function isPhotoCredit(sentence: string): boolean {
  const by = CREDIT_BY.exec(sentence);
  return by !== null && CREDITED.test(sentence.slice(by[0].length));
}

const EMAIL_US = /^e-?mail\s+(?:us|me)\b/i;
const ADDRESS_AT_END = /@\S+\.\S+\.?$/i;
/**
 * `Email us at…`, or a sentence that ends in an address (`Contact: jane@example.com`). Two patterns, the
 * second only where there is an `@`: as one (`^e-?mail…|@\S+…$`) it was tried at every position of every
 * sentence, a sixth of the furniture check's time.
 */
export const EMAIL_PROMPT = {
  test: (sentence: string): boolean => EMAIL_US.test(sentence) || (sentence.includes('@') && ADDRESS_AT_END.test(sentence)),
};

/** Whole sentences that are furniture, wherever they appear. */
const FURNITURE: readonly { test(sentence: string): boolean }[] = [
  /^(?:follow|like)\s+(?:us|me|\p{Lu}[\p{L}]*)\s+on\s+(?:twitter|facebook|instagram|x|threads|bluesky|mastodon|linkedin|tiktok)\b/iu,
  /^(?:click|scroll down|related:|see also|sign up|subscribe|watch:?|video:|photo:|pictured:)\b/i,
  READ_MORE,
  SHARE_THIS,
  RELATED,
  /^(?:(?:also|further) read(?:ing)?|read also|more on this (?:story|topic)|share (?:on|via)\b|share:)/i,
  /^(?:\(?(?:photo|image|picture|video)s?\s*(?:credit)?\s*:|\(?credit\s*:)/i,
  /(?:^|\s)(?:getty images|reuters|ap photo|afp|epa|shutterstock|pa wire)\)?\.?$/i,
  COPYRIGHT,
  COPYRIGHT_NAME,
  // The wire services' redistribution notices (AP's, and the generic "without permission" form).
  /^this material may not be published, broadcast, rewritten,? or redistributed\b/i,
  /\bmay not be (?:re)?(?:produced|published|distributed)\b.{0,80}\bwithout (?:the )?(?:prior )?(?:written )?(?:permission|consent)\b/i,
  EMAIL_PROMPT,
];

/** The text without a leading byline, update stamps or dateline. */
export function stripLeadingBoilerplate(text: string): string {
  let out = text;
  for (let pass = 0; pass < 3; pass++) {
    const before = out;
    out = out.replace(BYLINE_STAMPS, '').replace(BYLINE, '').replace(DATELINE, '').replace(CAPS_DATELINE, '').replace(DATED_CAPS_DATELINE, '');
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

/** Whether a whole sentence is page furniture (credits, "Follow us on …", share and read-more prompts, copyright notices). */
export function isFurniture(sentence: string): boolean {
  const s = sentence.trim();
  return FURNITURE.some((pattern) => pattern.test(s)) || isPhotoCredit(s);
}
