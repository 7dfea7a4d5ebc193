import { type ProcessedArticle, processSource, resolvePendingPage } from '../articles/index.js';
import type { PageContentRef, SiteArticle } from '../feeds/index.js';
import { FeedwrightError } from '../errors/index.js';
import type { Store } from '../storage/store.js';
import { localizeAssets } from './assets.js';
import { readSources } from './read-sources.js';

/**
 * An article's content could not be read again for its page: its source went away or no longer holds
 * the article (it changed while the run was publishing). The run stops before its feeds are written;
 * the next run sees the change and publishes it.
 */
export class ContentSourceError extends FeedwrightError {
  override readonly name = 'ContentSourceError' as const;
  readonly code = 'content-source';
  override readonly exitCode = 3;
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** An article whose content is read again: where from, and the slug of its page (its links resolve against it). */
export interface ContentRequest extends PageContentRef {
  slug: string;
}

// The size check was passed when the article was first processed: its content does not depend on it.
const ANY_SIZE = Number.MAX_SAFE_INTEGER;

/**
 * Each requested article's HTML as a run that kept it would have it: the source processed again (no
 * summary), page-relative links resolved against the article's page and local references pointing at
 * `assets/`. Localizing against the article's own `assets` gives the same HTML as against every input
 * file: each reference it rewrote is in that list, and one it did not is in neither.
 */
export async function loadPageContents(input: Store, siteUrl: string, requests: ContentRequest[]): Promise<string[]> {
  const { sources, unreadable } = await readSources(input, [...new Set(requests.map((r) => r.source))]);
  const first = unreadable[0];
  if (first !== undefined) throw new ContentSourceError(first.path, `the page's content cannot be read again: ${first.reason}`);
  const byKey = new Map<string, ProcessedArticle>();
  for (const file of sources) for (const article of processSource(file, { siteUrl, maxBytes: ANY_SIZE }).articles) byKey.set(article.key, article);
  return requests.map((request) => {
    const article = byKey.get(request.key);
    if (article === undefined) throw new ContentSourceError(request.source, `no longer holds article ${request.key}: it changed while the run was publishing`);
    // An article with its own URL keeps its links as written (as when its content is kept).
    if (article.meta.url !== undefined) return article.contentHtml;
    const html = resolvePendingPage(article.contentHtml, siteUrl, request.slug);
    return localizeAssets({ contentHtml: html }, article.sourcePath, siteUrl, new Set(request.assets)).contentHtml;
  });
}

/** Fills in the content of articles the run did not keep (see `SiteArticle.contentFrom`). */
export async function loadArticleContents(input: Store, siteUrl: string, articles: SiteArticle[]): Promise<void> {
  const wanted = articles.filter((a): a is SiteArticle & { contentFrom: PageContentRef } => a.contentFrom !== undefined);
  if (wanted.length === 0) return;
  const html = await loadPageContents(
    input,
    siteUrl,
    wanted.map((a) => ({ ...a.contentFrom, slug: a.slug })),
  );
  wanted.forEach((article, i) => {
    article.item.contentHtml = html[i] as string;
    (article as SiteArticle).contentFrom = undefined;
  });
}
