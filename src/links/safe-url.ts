import * as z from 'zod';

// WHATWG URL "basic URL parser" pre-processing: C0 controls and spaces are trimmed from both ends and
// tab/LF/CR removed anywhere, which is how `java\tscript:` becomes `javascript:` in a browser.
const EDGE_CONTROLS = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
const TAB_OR_NEWLINE = /[\t\n\r]/g;

/** The text a browser would parse for `raw` (before the parse itself). */
export function normalizeUrlText(raw: string): string {
  return raw.replace(EDGE_CONTROLS, '').replace(TAB_OR_NEWLINE, '');
}

/**
 * `raw` as an absolute http(s) URL (`href`, normalised by the WHATWG URL parser, resolved against `base`
 * when given), or `undefined` when it is anything else: another scheme (`javascript:`, `data:`, `file:`),
 * however it is disguised with controls or case, or not a URL at all.
 */
export function safeHttpUrl(raw: string, base?: string): string | undefined {
  let url: URL;
  try {
    url = new URL(normalizeUrlText(raw), base);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

const emailSchema = z.email();

/** `raw` trimmed when it is a plain e-mail address (addr-spec, no display name, no `mailto:`), else `undefined`. */
export function safeEmail(raw: string): string | undefined {
  const email = raw.trim();
  return emailSchema.safeParse(email).success ? email : undefined;
}

/** How a dropped value is quoted in a warning: short (logs must not echo megabytes), controls escaped so they show. */
export function describeDropped(raw: string, max = 60): string {
  return JSON.stringify(raw.length > max ? `${raw.slice(0, max)}…` : raw);
}
