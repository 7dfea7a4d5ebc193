import sanitizeHtml from 'sanitize-html';
import { NON_TEXT_TAGS } from './html-text.js';
import { normalizeUrlText, safeHttpUrl } from '../links/index.js';
import { isPlainHtml, sanitizedPlainHtml } from './plain-html.js';

const URL_ATTRIBUTES = ['href', 'src', 'cite'] as const;
/** Allowed tags whose allowed attributes include a URL (see `allowedAttributes`). */
const URL_TAGS = ['a', 'img', 'blockquote', 'q', 'del', 'ins'];

/** A link in content: http(s) resolved against the page, or a `mailto:` link; nothing else. */
function safeContentUrl(attribute: string, value: string, base: string): string | undefined {
  const web = safeHttpUrl(value, base);
  if (web !== undefined || attribute !== 'href') return web;
  const text = normalizeUrlText(value);
  return /^mailto:/i.test(text) && URL.canParse(text) ? new URL(text).href : undefined;
}

/** A URL attribute the sanitizer removed from content: which attribute and what it held. */
export interface DroppedLink {
  tag: string;
  attribute: string;
  value: string;
}

// Built once: sanitize-html copies its options per call, but the lists themselves are shared.
const BASE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'del', 'ins', 'details', 'summary'],
  allowedAttributes: {
    a: ['href', 'title', 'hreflang'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan', 'headers'],
    th: ['colspan', 'rowspan', 'headers', 'scope'],
    time: ['datetime'],
    ol: ['start', 'reversed', 'type'],
    blockquote: ['cite'],
    q: ['cite'],
    del: ['cite', 'datetime'],
    ins: ['cite', 'datetime'],
    '*': ['lang', 'dir'],
  },
  // Syntax-highlighting hooks from Markdown code fences (`language-ts`) are harmless.
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: [...URL_ATTRIBUTES],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: NON_TEXT_TAGS,
};

/**
 * Sanitizes untrusted article HTML for feeds and pages: no scripts, event handlers, styles or
 * `javascript:` URLs; and every link, image and citation made absolute against `baseUrl`,
 * because feed readers resolve relative URLs inconsistently (or not at all). Links are read the way a
 * browser reads them (WHATWG: `java\tscript:` is `javascript:`) and only http(s) survive, plus `mailto:`
 * for `href`; every other one is removed and passed to `onDrop`.
 */
export function sanitizeArticleHtml(html: string, baseUrl: string, onDrop?: (dropped: DroppedLink) => void): string {
  // Markdown's usual output holds no link and nothing to remove: the same bytes without the parser.
  return isPlainHtml(html) ? sanitizedPlainHtml(html) : sanitizeByParser(html, baseUrl, onDrop);
}

/** {@link sanitizeArticleHtml} through sanitize-html whatever the HTML (what the shortcut is checked against). */
export function sanitizeByParser(html: string, baseUrl: string, onDrop?: (dropped: DroppedLink) => void): string {
  // Our own check, before sanitize-html's scheme list, so every dropped link can be reported.
  const rewrite = (tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
    for (const name of URL_ATTRIBUTES) {
      const value = attribs[name];
      if (value === undefined) continue;
      const safe = safeContentUrl(name, value, baseUrl);
      if (safe === undefined) {
        delete attribs[name];
        onDrop?.({ tag: tagName, attribute: name, value });
      } else {
        attribs[name] = safe;
      }
    }
    return { tagName, attribs };
  };
  // Only the tags that may carry a URL attribute: a `*` transform costs a call on every tag.
  const transformTags = Object.fromEntries(URL_TAGS.map((t) => [t, rewrite]));
  return sanitizeHtml(html, { ...BASE_OPTIONS, transformTags }).trim();
}

