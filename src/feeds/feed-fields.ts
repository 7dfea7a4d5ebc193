import * as z from 'zod';
import { collapseWhitespace } from '../articles/whitespace.js';
import { stripXmlIllegal } from '../markup/index.js';

// Field rules of the checked feed model. Text is cleaned here, once, so that every writer receives only
// characters XML 1.0 can carry and the same value lands in RSS, Atom and JSON Feed.

/** Titles, names, categories: one line, as every reader shows them; nothing XML cannot carry. */
export function cleanLine(text: string): string {
  return collapseWhitespace(stripXmlIllegal(text)).trim();
}

export const lineText = z.string().transform(cleanLine);
export const requiredLine = lineText.pipe(z.string().min(1, 'empty once characters XML cannot carry are removed'));

/** Summaries and HTML bodies: line breaks kept (as LF, which is what a parser would make of CR). */
export const blockText = z.string().transform((s) => stripXmlIllegal(s).replace(/\r\n?/g, '\n').trim());

/** An absolute http(s) URL, as the WHATWG URL parser serializes it. */
export const webUrl = z.string().transform((s, ctx) => {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not an absolute URL' });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `scheme ${url.protocol} is not http(s)` });
    return z.NEVER;
  }
  return url.href;
});

function calendarDateExists(iso: string): boolean {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  // setUTCFullYear: Date.UTC would read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An RFC 3339 date-time that names a real day, normalized to UTC with milliseconds. */
export const isoInstant = z.iso
  .datetime({ offset: true })
  .refine(calendarDateExists, 'no such calendar day')
  .transform((s) => new Date(s).toISOString());

/** BCP 47 shape (language, then subtags): what `xml:lang` and JSON Feed `language` accept. */
export const languageTag = z.string().regex(/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/, 'not a BCP 47 language tag');

/**
 * Optional links and tags that come straight from article metadata are left out when invalid instead of
 * failing the whole feed: the articles module reports them; a feed without an author's home page is
 * still a correct feed, whereas a `javascript:` URI in it is not.
 */
export const optionalWebUrl = webUrl.optional().catch(undefined);
export const optionalLanguageTag = languageTag.optional().catch(undefined);

export const PersonFieldsSchema = z.object({
  name: lineText,
  email: z.email().optional().catch(undefined),
  url: optionalWebUrl,
});
