import sanitizeHtml from 'sanitize-html';
import { NON_TEXT_TAGS } from './html-text.js';

const URL_ATTRIBUTES = ['href', 'src', 'cite'] as const;
/** Allowed tags whose allowed attributes include a URL (see `allowedAttributes`). */
const URL_TAGS = ['a', 'img', 'blockquote', 'q', 'del', 'ins'];

function absolutize(value: string, base: string): string | undefined {
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return undefined;
  }
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
 * because feed readers resolve relative URLs inconsistently (or not at all).
 */
export function sanitizeArticleHtml(html: string, baseUrl: string): string {
  // Runs before the scheme check, so a `javascript:` URL stays recognisable and is dropped.
  const rewrite = (tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
    for (const name of URL_ATTRIBUTES) {
      const value = attribs[name];
      if (value === undefined) continue;
      const absolute = absolutize(value, baseUrl);
      if (absolute === undefined) delete attribs[name];
      else attribs[name] = absolute;
    }
    return { tagName, attribs };
  };
  // Only the tags that may carry a URL attribute: a `*` transform costs a call on every tag.
  const transformTags = Object.fromEntries(URL_TAGS.map((t) => [t, rewrite]));
  return sanitizeHtml(html, { ...BASE_OPTIONS, transformTags }).trim();
}

