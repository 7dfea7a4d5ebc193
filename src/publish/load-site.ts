import { type Article, type ArticleRecord, type SourceFile, loadArticles } from '../articles/index.js';
import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import { type FeedItem, type SiteArticle, absoluteUrl, articlePageKey } from '../feeds/index.js';
import type { Store } from '../storage/store.js';
import { SUMMARIZER_VERSION, summarize } from '../summarize/index.js';
import type { Logger } from './logger.js';
import { type PublishState, readState } from './state.js';

const ARTICLE_EXTENSIONS = /\.(txt|md|markdown|json|html?)$/i;
// Enough parallel reads to hide S3 latency without opening thousands of sockets or file handles.
const READ_CONCURRENCY = 32;

export interface SiteDeps {
  config: Config;
  input: Store;
  output: Store;
  clock: Clock;
  log: Logger;
}

export interface LoadedSite {
  articles: SiteArticle[];
  rejected: { path: string; reason: string }[];
  records: Record<string, ArticleRecord>;
  /** Summary cache entries used by this run (unused ones are dropped from the state). */
  summaries: Record<string, string>;
}

/** The keys that are article sources: article file types, no hidden files or folders. */
export function isArticleKey(key: string): boolean {
  return ARTICLE_EXTENSIONS.test(key) && !key.split('/').some((p) => p.startsWith('.'));
}

/** Reads the given article sources (default: every article source in the input store). */
export async function readSources(input: Store, articleKeys?: string[]): Promise<SourceFile[]> {
  const keys = articleKeys ?? (await input.list('')).filter(isArticleKey);
  const sources: SourceFile[] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      const key = keys[i] as string;
      const bytes = await input.read(key);
      sources[i] = { path: key, bytes: bytes ?? new Uint8Array() };
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, keys.length) }, worker));
  return sources;
}

function summaryCacheKey(config: Config, article: Article): string {
  const budget = config.summary.words ? `w${config.summary.words}` : `s${config.summary.sentences}`;
  return `${SUMMARIZER_VERSION}:${budget}:${article.contentHash}`;
}

/**
 * Articles → publishable items: link (own URL or the article's page), summary (front matter, else the
 * cached summary for this content hash, else a fresh one). Unchanged articles are never re-summarized.
 */
export function toSiteArticles(config: Config, articles: Article[], cache: Record<string, string>): { items: SiteArticle[]; used: Record<string, string> } {
  const used: Record<string, string> = {};
  const items = articles.map((article): SiteArticle => {
    let summary = article.summary;
    if (summary === undefined) {
      const key = summaryCacheKey(config, article);
      summary = cache[key] ?? summarize(article.contentText, { sentences: config.summary.sentences, words: config.summary.words, title: article.title });
      used[key] = summary;
    }
    const item: FeedItem = {
      id: article.id,
      title: article.title,
      url: article.url ?? absoluteUrl(config.site.baseUrl, articlePageKey(article.slug)),
      summary,
      contentHtml: article.contentHtml,
      published: article.published,
      updated: article.updated,
      authors: article.authors,
      categories: article.categories,
      ...(article.image ? { image: article.image } : {}),
      ...(article.lang ? { lang: article.lang } : {}),
    };
    return { item, slug: article.slug };
  });
  return { items, used };
}

/** Loads and prepares every article, given the publisher's previous state. */
export async function prepareSite(deps: SiteDeps, state: PublishState, articleKeys?: string[]): Promise<LoadedSite> {
  const { config } = deps;
  const sources = await readSources(deps.input, articleKeys);
  const loaded = loadArticles(sources, {
    siteUrl: config.site.baseUrl,
    language: config.site.language,
    ...(config.site.author ? { defaultAuthor: config.site.author } : {}),
    maxBytes: config.maxArticleBytes,
    now: deps.clock(),
    known: state.articles,
  });
  const { items, used } = toSiteArticles(config, loaded.articles, state.summaries);
  return {
    articles: items,
    rejected: loaded.rejected.map((e) => ({ path: e.path, reason: e.reason })),
    records: loaded.records,
    summaries: used,
  };
}

/** Read-only view of the site for other use cases (digests): never writes the publisher's state. */
export async function loadSite(deps: SiteDeps): Promise<{ items: FeedItem[]; rejected: { path: string; reason: string }[] }> {
  const state = await readState(deps.output);
  const site = await prepareSite(deps, state);
  return { items: site.articles.map((a) => a.item), rejected: site.rejected };
}
