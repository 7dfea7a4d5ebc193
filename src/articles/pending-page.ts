// A leaf module (no imports): the quick check reaches it through the asset references, without the parsers.

/**
 * Stands for an article's own page file name until its slug is known: links relative to the page (for
 * example `#notes`) are resolved against `articles/<this>` and fixed up once slugs are assigned, so the
 * per-source work (the expensive part) does not wait for every other source.
 */
export const PENDING_PAGE = '__feedwright-pending-slug__.html';

/** The placeholder page's absolute URL on a site: what page-relative links point at until the slug is known. */
export function pendingPageUrl(siteUrl: string): string {
  return `${siteUrl}articles/${PENDING_PAGE}`;
}

/** `text` with the placeholder page replaced by the article's own page, once its slug is known. */
export function resolvePendingPage(text: string, siteUrl: string, slug: string): string {
  return text.replaceAll(pendingPageUrl(siteUrl), `${siteUrl}articles/${slug}.html`);
}
