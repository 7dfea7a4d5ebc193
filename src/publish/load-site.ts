import { type Article, type ArticleRecord, deriveArticles, resolvePendingPage } from '../articles/index.js';
import { sourceCandidates } from './source-of-key.js';
import type { Clock } from '../clock/clock.js';
import { type Config, feedContentOf } from '../config/config.js';
import { type FeedItem, type PageContentRef, type SiteArticle, absoluteUrl, articlePageKey, checkItem, contentFreePrint, feedMembers, FeedRenderError, rememberContentFreePrint, rememberContentPrint } from '../feeds/index.js';
import { localizeAssets } from './assets.js';
import { CONTENT_IN_MEMORY } from './content-in-memory.js';
import type { Store } from '../storage/store.js';
import { SUMMARIZER_VERSION, forgetSummarizerCaches, summarize } from '../summarize/index.js';
import type { Logger } from './logger.js';
import { movedArticles } from './moved-articles.js';
import { shiftedArrayElements } from './shifted-array-elements.js';
import { inProcessSources, type SourceProcessor } from './source-processor.js';
import type { ContentEntry } from './content-cache.js';
import { processSources } from './process-sources.js';
import { listSources, renderKey } from './quick-check.js';
import { loadArticleContents } from './page-content.js';
import { type CachedItem, type PublishState, type SourceRecord, readSiteState } from './state.js';
import { byPath } from './run-report.js';

export interface SiteDeps {
  config: Config;
  input: Store;
  output: Store;
  state: Store;
  clock: Clock;
  log: Logger;
  /** Who runs the per-source stage over the changed sources: this process unless a fan-out is injected. */
  processor?: SourceProcessor;
  /**
   * Articles whose HTML a run keeps from parsing to rendering (default {@link CONTENT_IN_MEMORY}). Past it
   * the HTML is dropped once processed and each page reads its source again when it is rendered, so
   * memory stays bounded whatever the size of the site. Feed members (the items current feed documents
   * show in full) are bounded by it too, and by {@link FEED_MEMBERS_IN_MEMORY}: past that, or in a run that
   * keeps no HTML, none is held or cached, and each current document reads its members when it renders.
   */
  contentInMemory?: number;
}

export { CONTENT_IN_MEMORY } from './content-in-memory.js';

/**
 * Feed members whose HTML a run keeps and caches (`feed-content.json`, read by every run that changes
 * anything). Up to here the cache is cheaper: adding one article to 10,000 with 400 members took 1.27 s
 * CPU with it and 1.49 s reading the shown members' sources again. Past it the cache (~5 KB a member)
 * would cost more to read than the re-reads it saves, and would grow with the feeds.
 */
export const FEED_MEMBERS_IN_MEMORY = 2_000;

/**
 * The one empty list that records and items hold when they have nothing (no authors, no assets, no
 * rejections): a list of its own in each was ~3 × 32 bytes per article held for the whole run. Frozen, so
 * a push onto it fails loudly instead of giving every article the entry.
 */
const NO_ENTRIES = Object.freeze([]) as never[];

export interface LoadedSite {
  /**
   * Every published article, newest first. Only those whose content was loaded this run (changed ones and
   * feed members) carry their `contentHtml`, except those with a `contentFrom`, whose page loads it (a
   * large run).
   */
  articles: SiteArticle[];
  /**
   * Articles whose source changed (or that are new) this run: their pages must be rendered. Each with
   * where it comes from (the same object as its `contentFrom` when it has one), from which its entry of
   * the next item cache is made at the end of the run.
   */
  changed: ReadonlyMap<SiteArticle, PageContentRef>;
  rejected: { path: string; reason: string }[];
  /** Published articles with a field dropped (an unsafe link, a bad e-mail): path and what was dropped. */
  warnings: { path: string; reason: string }[];
  /** The next state's per-article records, source versions, item cache and summary cache. */
  records: Record<string, ArticleRecord>;
  /** The next state's source records, made when asked (at the end of the run, like {@link cachedItems}). */
  sourceRecords(): Record<string, SourceRecord>;
  /**
   * The next state's item cache, made when asked (once, at the end of the run): a cached copy of every
   * changed article held through the render was ~150 bytes an article at the run's memory peak (15 MB
   * of a cold 100,000-article build).
   */
  cachedItems(): Record<string, CachedItem>;
  /** Input files that some article references (its local links were pointed at their `assets/` copies). */
  referencedFiles(): Set<string>;
  summaryKey: string;
  /** Drafts in the input, counted (never published). */
  drafts: number;
  /** Articles dated after the run, held back until then; their sources are parsed again next run. */
  held: { path: string; until: string }[];
  /** Articles that kept their id and URL although their source moved or was renamed. */
  moved: { from: string; to: string }[];
  /** Content of the articles the feeds show, by article key, for the next run's content cache. */
  feedContent: Map<string, ContentEntry>;
}

// Moved to quick-check.ts (a no-change run needs them without this module's imports); still exported here.
export { OUTPUT_FORMAT_VERSION, isArticleKey, listSources, renderKey, siteInputVersion } from './quick-check.js';

// Everything a summary is made from besides the article itself: the site's language picks the summarizer's
// model for untagged articles (a changed `site.language` kept every cached summary made for the old one).
function summaryKeyOf(config: Config): string {
  const budget = config.summary.words ? `w${config.summary.words}` : `s${config.summary.sentences}`;
  return `${SUMMARIZER_VERSION}:${budget}:${config.site.language}`;
}

/** The item with its local file references pointing at `assets/`; what it references and misses. */
function withAssets(
  item: FeedItem,
  sourcePath: string,
  siteUrl: string,
  files: ReadonlySet<string> | undefined,
  references: string[] | undefined,
): { item: FeedItem; assets: string[]; missing: string[] } {
  if (!files) return { item, assets: NO_ENTRIES, missing: NO_ENTRIES };
  const local = localizeAssets(
    {
      contentHtml: item.contentHtml,
      ...(references ? { references } : {}),
      ...(item.image ? { image: item.image } : {}),
      ...(item.enclosure ? { enclosureUrl: item.enclosure.url } : {}),
    },
    sourcePath,
    siteUrl,
    files,
  );
  const enclosure = item.enclosure;
  return {
    // Field by field, absent fields undefined (as `fromCache` does): a spread gives every item its
    // properties out of line, ~64 bytes more each for the whole run.
    item: {
      id: item.id,
      title: item.title,
      url: item.url,
      summary: item.summary,
      contentHtml: local.contentHtml,
      published: item.published,
      updated: item.updated,
      authors: item.authors,
      categories: item.categories,
      image: local.image ? local.image : undefined,
      enclosure: enclosure && local.enclosureUrl ? { ...enclosure, url: local.enclosureUrl } : undefined,
      lang: item.lang,
    } satisfies { [K in keyof Required<FeedItem>]: FeedItem[K] },
    assets: local.assets.length > 0 ? local.assets : NO_ENTRIES,
    missing: local.missing.length > 0 ? local.missing : NO_ENTRIES,
  };
}

/**
 * Article → publishable item: link (own URL or the article's page), summary (front matter, else the
 * previous summary of the same content, else a fresh one). Unchanged articles are never re-summarized.
 */
function toItem(config: Config, article: Article, previousSummary: string | undefined): FeedItem {
  // `previousSummary` is the reused one or the one the per-source stage made; summarize here only when
  // neither exists (a summary reused from a state that turned out not to hold one).
  const summary =
    article.summary ??
    previousSummary ??
    summarize(article.contentText, {
      sentences: config.summary.sentences,
      words: config.summary.words,
      title: article.title,
      lang: article.lang ?? config.site.language,
    });
  return {
    id: article.id,
    title: article.title,
    url: article.url ?? absoluteUrl(config.site.baseUrl, articlePageKey(article.slug)),
    summary,
    contentHtml: article.contentHtml,
    published: article.published,
    updated: article.updated,
    authors: article.authors.length > 0 ? article.authors : NO_ENTRIES,
    categories: article.categories,
    image: article.image ? article.image : undefined,
    enclosure: article.enclosure ? article.enclosure : undefined,
    lang: article.lang ? article.lang : undefined,
  } satisfies { [K in keyof Required<FeedItem>]: FeedItem[K] };
}

/**
 * What an article's HTML is made from besides the site URL and the format version: its source's content
 * hash, where it sits and the local files its links were pointed at (see `rememberContentPrint`).
 */
function contentPrintOf(key: string, contentHash: string, sourcePath: string, assets: string[]): string {
  return JSON.stringify([key, sourcePath, contentHash, assets]);
}

// Items and cached items are spelled out field by field, not made as `{ ...rest, more }` from a rest copy:
// V8 gave each object made that way a hidden class of its own (measured: 19,989 maps for 20,000 cached
// items, ~0.5 KB each, so ~50 MB at 100,000), and explicit fields share one. Typed so that a new field
// does not compile until it is listed.
function fromCache(cached: CachedItem): SiteArticle {
  // Content is filled in later only for the articles that need it (feed members, missing pages).
  const item = {
    id: cached.id,
    title: cached.title,
    url: cached.url,
    summary: cached.summary,
    contentHtml: '',
    published: cached.published,
    updated: cached.updated,
    authors: cached.authors,
    categories: cached.categories,
    image: cached.image,
    enclosure: cached.enclosure,
    lang: cached.lang,
  } satisfies { [K in keyof Required<FeedItem>]: FeedItem[K] };
  if (cached.print !== undefined) rememberContentFreePrint(item, cached.print);
  return { item, slug: cached.slug, contentFrom: undefined };
}

function toCache(article: SiteArticle, sourcePath: string, assets: string[] = [], missing: string[] = []): CachedItem {
  const item = article.item;
  // Absent optional fields stay undefined here: JSON leaves them out of the state.
  return {
    id: item.id,
    title: item.title,
    url: item.url,
    summary: item.summary,
    published: item.published,
    updated: item.updated,
    authors: item.authors,
    categories: item.categories,
    image: item.image,
    enclosure: item.enclosure,
    lang: item.lang,
    slug: article.slug,
    sourcePath,
    assets: assets.length > 0 ? assets : undefined,
    missingAssets: missing.length > 0 ? missing : undefined,
    print: contentFreePrint(item),
  } satisfies { [K in keyof Required<CachedItem>]: CachedItem[K] };
}

/**
 * Where each article of the site comes from, and the next item cache made from it when asked. A function
 * of its own so that what the run keeps for it is these arguments only, not `prepareSite`'s whole scope.
 * `cachedKeys`: item id → article key of the unchanged articles, whose entries are the state's own.
 */
function itemCache(
  all: readonly SiteArticle[],
  changed: ReadonlyMap<SiteArticle, PageContentRef>,
  missingFiles: ReadonlyMap<string, string[]>,
  previous: Record<string, CachedItem>,
  cachedKeys: ReadonlyMap<string, string>,
) {
  const keyOf = (site: SiteArticle) => changed.get(site)?.key ?? (cachedKeys.get(site.item.id) as string);
  const previousOf = (site: SiteArticle) => previous[cachedKeys.get(site.item.id) as string] as CachedItem;
  const sourceOf = (site: SiteArticle) => changed.get(site)?.source ?? previousOf(site).sourcePath;
  const assetsOf = (site: SiteArticle): string[] => changed.get(site)?.assets ?? previousOf(site).assets ?? NO_ENTRIES;
  return {
    keyOf,
    sourceOf,
    assetsOf,
    cachedItems(): Record<string, CachedItem> {
      const items: Record<string, CachedItem> = {};
      for (const site of all) {
        const origin = changed.get(site);
        if (origin !== undefined) {
          items[origin.key] = toCache(site, origin.source, origin.assets, missingFiles.get(origin.key));
          continue;
        }
        const key = cachedKeys.get(site.item.id) as string;
        items[key] = previous[key] as CachedItem;
      }
      return items;
    },
    referencedFiles(): Set<string> {
      const files = new Set<string>();
      for (const site of all) for (const file of assetsOf(site)) files.add(file);
      return files;
    },
  };
}

interface SourceNotes {
  rejected: ReadonlyMap<string, { path: string; reason: string }[]>;
  warnings: ReadonlyMap<string, { path: string; reason: string }[]>;
  /** Drafts in a source (this run's count where it was processed, else the last run's). */
  draftsOf: (path: string) => number;
  /** Sources holding an article dated after the run: not recorded, so every run reads them again until it is due. */
  held: ReadonlySet<string>;
}

/**
 * The source records of the next state, made when asked: kept for the end of the run, a record per source
 * held through the render was ~100 bytes a source at the run's memory peak. A function of its own so that
 * what the run keeps for it is these arguments only.
 */
function sourceRecordsOf(versions: ReadonlyMap<string, string>, previous: Record<string, SourceRecord>, notes: SourceNotes): () => Record<string, SourceRecord> {
  return () => {
    const sources: Record<string, SourceRecord> = {};
    for (const [path, version] of versions) {
      if (notes.held.has(path)) continue;
      const sourceWarnings = notes.warnings.get(path) ?? [];
      const sourceDrafts = notes.draftsOf(path);
      const record: SourceRecord = {
        version,
        rejected: notes.rejected.get(path) ?? NO_ENTRIES,
        ...(sourceWarnings.length > 0 ? { warnings: sourceWarnings } : {}),
        ...(sourceDrafts > 0 ? { drafts: sourceDrafts } : {}),
      };
      // The record as read when nothing in it changed: its state shard can then be kept without serializing it.
      const prior = previous[path];
      sources[path] = prior !== undefined && sameSourceRecord(prior, record) ? prior : record;
    }
    return sources;
  };
}

const sameNotes = (a: readonly { path: string; reason: string }[], b: readonly { path: string; reason: string }[]): boolean =>
  a.length === b.length && a.every((x, i) => x.path === b[i]?.path && x.reason === b[i]?.reason);

/**
 * Whether two source records would serialize the same (as `JSON.stringify` compared them before, at
 * ~2 µs a record: 0.2 s of an add-one run at 100,000 sources). Records come from the state or are built
 * here, so they hold no keys besides these four.
 */
function sameSourceRecord(a: SourceRecord, b: SourceRecord): boolean {
  return (
    a.version === b.version &&
    a.drafts === b.drafts &&
    (a.warnings === undefined) === (b.warnings === undefined) &&
    sameNotes(a.rejected, b.rejected) &&
    sameNotes(a.warnings ?? NO_ENTRIES, b.warnings ?? NO_ENTRIES) &&
    Object.keys(a).length === Object.keys(b).length
  );
}

const newestFirst = (a: SiteArticle, b: SiteArticle): number =>
  a.item.published < b.item.published ? 1 : a.item.published > b.item.published ? -1 : a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0;

/**
 * Loads every article, parsing only what it must. A source whose version token is unchanged since the
 * last run (and whose render settings are unchanged: `reuse`) is taken from the item cache in the state
 * without being read; its content is loaded only if a feed shows it or `needsContent` asks for it.
 */
export async function prepareSite(
  deps: SiteDeps,
  state: PublishState,
  versions: Map<string, string>,
  options: {
    force?: boolean;
    content?: boolean;
    needsContent?: (article: SiteArticle, all: SiteArticle[]) => boolean;
    /** Non-article input files (key → version): local references are published from these. */
    files?: Map<string, string>;
    /** Content kept by an earlier run (see content-cache.ts); used only where the source's version still matches. */
    contentCache?: Map<string, ContentEntry>;
    /** Records a run that died after its first output write dated anew (see pending-dates.ts). */
    pending?: Record<string, ArticleRecord>;
  } = {},
): Promise<LoadedSite & { renderKey: string }> {
  const { config } = deps;
  const now = deps.clock();
  const key = renderKey(config);
  const reuse = !options.force && state.renderKey === key;
  const unchangedPaths = new Set<string>();
  // A source a dead run dated anew is read again even if its bytes are back to the saved state's (a reverted
  // edit): readers may have that run's version, so its dates are decided again (see pending-dates.ts).
  const pendingPaths = new Set(Object.keys(options.pending ?? {}).flatMap(sourceCandidates));
  if (reuse) {
    for (const [path, version] of versions) {
      const record = state.sources[path];
      if (record?.version !== version || pendingPaths.has(path)) continue;
      unchangedPaths.add(path);
      // The listing's string for the same token: the state's parsed copy goes (~50 bytes a source).
      record.version = version;
    }
  }
  // An article whose referenced files came or went links differently now: parse it again.
  const fileSet = options.files ? new Set(options.files.keys()) : undefined;
  if (fileSet) {
    for (const key in state.items) {
      const cached = state.items[key] as CachedItem;
      if (cached.assets === undefined && cached.missingAssets === undefined) continue;
      const moved = (cached.assets ?? NO_ENTRIES).some((k) => !fileSet.has(k)) || (cached.missingAssets ?? NO_ENTRIES).some((k) => fileSet.has(k));
      if (moved) unchangedPaths.delete(cached.sourcePath);
    }
  }

  // Keys of cached articles, per source path (a JSON array holds several).
  const cachedKeys = Object.entries(state.items).filter(([, c]) => unchangedPaths.has(c.sourcePath));
  // Tags and categories repeat across thousands of articles: one string per name, not one per article.
  const names = new Map<string, string>();
  const sharedNames = (list: string[]) => {
    for (let i = 0; i < list.length; i++) {
      const name = list[i] as string;
      const known = names.get(name);
      if (known === undefined) names.set(name, name);
      else list[i] = known;
    }
  };
  const cachedArticles = new Map<string, SiteArticle>();
  const reserved = { slugs: new Set<string>(), ids: new Map<string, string>() };
  for (const [key, c] of cachedKeys) {
    sharedNames(c.categories);
    const article = fromCache(c);
    cachedArticles.set(key, article);
    reserved.slugs.add(article.slug);
    reserved.ids.set(article.item.id, key);
  }
  const loadContext = {
    siteUrl: config.site.baseUrl,
    language: config.site.language,
    ...(config.site.author ? { defaultAuthor: config.site.author } : {}),
    maxBytes: config.maxArticleBytes,
    now,
    known: state.articles,
    ...(options.pending ? { pending: options.pending } : {}),
  };

  const summaryKey = summaryKeyOf(config);
  const sameSummaries = state.summaryKey === summaryKey;
  // Articles whose content is unchanged keep their summary: the per-source stage skips them.
  const reuseSummaries: Record<string, string> = {};
  if (sameSummaries) {
    for (const [articleKey, record] of Object.entries(state.articles)) {
      if (state.items[articleKey]?.summary !== undefined) reuseSummaries[articleKey] = record.contentHash;
    }
  }
  const changedPaths = [...versions.keys()].filter((p) => !unchangedPaths.has(p));
  const inMemory = deps.contentInMemory ?? CONTENT_IN_MEMORY;
  const release = changedPaths.length > inMemory;
  const { processed, unreadable } = await (deps.processor ?? inProcessSources).process(
    deps.input,
    changedPaths.map((path) => ({ path, version: versions.get(path) as string })),
    {
      siteUrl: config.site.baseUrl,
      maxBytes: config.maxArticleBytes,
      summary: { sentences: config.summary.sentences, ...(config.summary.words ? { words: config.summary.words } : {}) },
      language: config.site.language,
      reuseSummaries,
    },
    release ? { releaseContent: true } : {},
  );
  // The summaries are made: the rest of the run (render, write, state) need not hold their memos.
  forgetSummarizerCaches();
  // What each released article's HTML may reference: its files are still published and linked.
  const contentRefs = new Map<string, string[]>();
  if (release) for (const source of processed) for (const a of source.articles) contentRefs.set(a.key, a.contentRefs ?? []);
  const changedSources = { unreadable };
  // An element that moved within its JSON array keeps its record; a moved or renamed source inherits the
  // record (id, slug, first-seen date) of the article it replaces.
  const known = shiftedArrayElements(state.articles, processed);
  const { inherited, moved } = movedArticles(known, processed, new Set(versions.keys()));
  const loaded = deriveArticles(processed, { ...loadContext, known: Object.keys(inherited).length === 0 ? known : { ...known, ...inherited }, reserved });
  // A changed source claims an id that a cached article holds, and sorts first: which article wins must
  // depend only on the input, so parse everything again with all claimants in one batch (rare).
  if (loaded.displaced.length > 0 && reuse) return prepareSite(deps, state, versions, { ...options, force: true });
  const keyOfId = new Map(Object.entries(loaded.records).map(([key, r]) => [r.id, key]));

  const records: Record<string, ArticleRecord> = {};
  const changed = new Map<SiteArticle, PageContentRef>();
  // Referenced files that are missing from the input, per changed article (rare: an empty list is not kept).
  const missingFiles = new Map<string, string[]>();
  // Articles whose content was loaded this run: changed ones and feed members (a large run's changed
  // articles, and feed members past FEED_MEMBERS_IN_MEMORY, carry a `contentFrom` instead). Not returned:
  // the run's render does not ask, and a set of every article of a cold build need not outlive this call.
  const withContent = new Set<SiteArticle>();
  const all: SiteArticle[] = [];

  const unpublishable: { path: string; reason: string }[] = [];
  const assetWarnings: { path: string; reason: string }[] = [];
  const held: { path: string; until: string }[] = [];
  const heldPaths = new Set<string>();
  for (const article of loaded.articles) {
    const key = keyOfId.get(article.id) as string;
    sharedNames(article.categories);
    // Dated in the future (within the plausible year): not published, not remembered, until its time.
    if (Date.parse(article.published) > now.getTime()) {
      held.push({ path: key, until: article.published });
      heldPaths.add(article.sourcePath);
      continue;
    }
    const unchangedContent = sameSummaries && state.articles[key]?.contentHash === article.contentHash;
    const previous = unchangedContent ? state.items[key]?.summary : undefined;
    // Resolved against the article's page, as its HTML was (see deriveArticles).
    const references = release ? (contentRefs.get(key) ?? []).map((r) => resolvePendingPage(r, config.site.baseUrl, article.slug)) : undefined;
    const local =
      article.url === undefined ? withAssets(toItem(config, article, previous ?? loaded.summaries.get(article.id)), article.sourcePath, config.site.baseUrl, fileSet, references) : undefined;
    const origin: PageContentRef = { source: article.sourcePath, key, assets: local?.assets ?? NO_ENTRIES };
    // contentFrom in the literal (undefined when kept): added later, it would sit out of line in every article.
    const site: SiteArticle = {
      item: local?.item ?? toItem(config, article, previous ?? loaded.summaries.get(article.id)),
      slug: article.slug,
      contentFrom: release ? origin : undefined,
    };
    for (const path of local?.missing ?? []) {
      assetWarnings.push({ path: article.sourcePath, reason: `references ${path}, which is not in the input: the link is left as written` });
    }
    // The feed model's own check, per article: an item the feeds would refuse is this article's rejection,
    // never a failed run for every other article.
    const problem = feedProblem(config, site.item);
    if (problem) {
      unpublishable.push({ path: key, reason: problem });
      continue;
    }
    all.push(site);
    changed.set(site, origin);
    withContent.add(site);
    records[key] = loaded.records[key] as ArticleRecord;
    if (local !== undefined && local.missing.length > 0) missingFiles.set(key, local.missing);
  }
  // Every changed article has its summary by now: its plain text (as long as the article) is not held
  // while the rest of the site is loaded and planned (~35 MB at 10,000 articles, ~350 MB at 100,000).
  for (const article of loaded.articles) article.contentText = '';
  for (const source of processed) for (const article of source.articles) article.contentText = '';
  for (const [key, site] of cachedArticles) {
    all.push(site);
    const record = state.articles[key];
    if (record) records[key] = record;
  }
  all.sort(newestFirst);

  const rejected: { path: string; reason: string }[] = loaded.rejected.map((e) => ({ path: e.path, reason: e.reason }));
  rejected.push(...changedSources.unreadable, ...unpublishable);
  for (const path of unchangedPaths) rejected.push(...(state.sources[path]?.rejected ?? []));
  rejected.sort(byPath);
  const warnings: { path: string; reason: string }[] = [...loaded.warnings.map((w) => ({ path: w.path, reason: w.reason })), ...assetWarnings];
  for (const path of unchangedPaths) warnings.push(...(state.sources[path]?.warnings ?? []));
  warnings.sort(byPath);
  // Grouped once by source path (`path` or `path#n`): filtering the whole list per source was quadratic,
  // ~20 s at 50,000 sources with many rejections.
  const bySource = (list: { path: string; reason: string }[]) => {
    const groups = new Map<string, { path: string; reason: string }[]>();
    for (const r of list) {
      for (const path of sourceCandidates(r.path)) {
        if (!versions.has(path)) continue;
        const group = groups.get(path);
        if (group) group.push(r);
        else groups.set(path, [r]);
      }
    }
    return groups;
  };
  const rejectedBySource = bySource(rejected);
  const warningsBySource = bySource(warnings);
  // Drafts per processed source; a count of none is kept only where the last run recorded some (a
  // source not processed now has the last run's count).
  const processedDrafts = new Map<string, number>();
  for (const p of processed) if (p.drafts.length > 0 || state.sources[p.path]?.drafts !== undefined) processedDrafts.set(p.path, p.drafts.length);
  const draftsOf = (path: string) => processedDrafts.get(path) ?? state.sources[path]?.drafts ?? 0;
  const sourceRecords = sourceRecordsOf(versions, state.sources, { rejected: rejectedBySource, warnings: warningsBySource, draftsOf, held: heldPaths });
  let drafts = 0;
  for (const path of versions.keys()) drafts += draftsOf(path);
  held.sort((a, b) => Date.parse(a.until) - Date.parse(b.until) || byPath(a, b));

  // Content for cached articles that a feed shows or whose page must be rewritten: parse just those
  // sources again. Same sources and state give the same articles, so this matches a full build.
  const members =
    options.content === false ? new Set<FeedItem>() : feedMembers(all.map((a) => a.item), config.feed.size, config.feed.archivePageSize, feedContentOf(config));
  const siteItems = itemCache(all, changed, missingFiles, state.items, reserved.ids);
  const { keyOf, sourceOf, assetsOf } = siteItems;
  const contentFromOf = (site: SiteArticle): PageContentRef => ({ source: sourceOf(site), key: keyOf(site), assets: assetsOf(site) });
  const wanted = [...cachedArticles.values()].filter((a) => members.has(a.item) || options.needsContent?.(a, all));
  // Pages to render again in bulk (an output wiped, a template change): like a large build, each page
  // reads its own content when it is rendered.
  const releaseWanted = release || wanted.filter((a) => !members.has(a.item)).length > inMemory;
  // Many feed members (hundreds of full-content feeds) are not held or cached either: each current
  // document reads its members again when it is rendered, and only if its signature changed.
  const lazyMembers = release || members.size > Math.min(inMemory, FEED_MEMBERS_IN_MEMORY);
  // Content the cache still vouches for (same source version) is taken from it; only the rest is parsed.
  const cache = options.force ? undefined : options.contentCache;
  const toParse: SiteArticle[] = [];
  for (const site of wanted) {
    if (members.has(site.item) ? lazyMembers : releaseWanted) {
      site.contentFrom = contentFromOf(site);
      continue;
    }
    const entry = cache?.get(keyOf(site));
    const source = sourceOf(site);
    if (entry !== undefined && entry.source === source && versions.get(source) === entry.version) {
      site.item.contentHtml = entry.html;
      withContent.add(site);
    } else {
      toParse.push(site);
    }
  }
  if (toParse.length > 0) {
    // Read as a page reads its content again (one way to do it): a source that lost the article since the
    // listing fails the run, naming it, rather than publishing the item without its content.
    for (const site of toParse) site.contentFrom = contentFromOf(site);
    await loadArticleContents(deps.input, config.site.baseUrl, toParse);
    for (const site of toParse) withContent.add(site);
  }
  const feedContent = new Map<string, ContentEntry>();
  for (const site of all) {
    if (!members.has(site.item)) continue;
    // Signed by where its content comes from, so a current document's signature needs no content in hand.
    const articleKey = keyOf(site);
    const record = records[articleKey];
    if (record) rememberContentPrint(site.item, contentPrintOf(articleKey, record.contentHash, sourceOf(site), assetsOf(site)));
    // Past the member bound nothing is cached, not even this run's changed members: the cache stays small.
    // (Below it no member carries a `contentFrom`: a run that keeps no HTML is always past it.)
    if (lazyMembers || !withContent.has(site)) continue;
    const source = sourceOf(site);
    const version = versions.get(source);
    if (version !== undefined) feedContent.set(articleKey, { source, version, html: site.item.contentHtml });
  }

  const { cachedItems, referencedFiles } = siteItems;
  return { articles: all, changed, rejected, warnings, records, sourceRecords, cachedItems, referencedFiles, summaryKey, feedContent, renderKey: key, drafts, held, moved };
}

/** Read-only view of the site for other use cases (digests): never writes the publisher's state. */
export async function loadSite(deps: SiteDeps): Promise<{ items: FeedItem[]; rejected: { path: string; reason: string }[] }> {
  const { state } = await readSiteState(deps.state, deps.output);
  const { versions, files } = await listSources(deps.input);
  // Items only: digests show title, link, categories and summary, never the content.
  const site = await prepareSite(deps, state, versions, { content: false, files });
  return { items: site.articles.map((a) => a.item), rejected: site.rejected };
}

/** Why the feeds would refuse this item (checked alone in a channel of the site), or undefined. */
function feedProblem(config: Config, item: FeedItem): string | undefined {
  // The item alone: the channel comes from the config, whose problems fail the whole render, not one article.
  try {
    checkItem(item, absoluteUrl(config.site.baseUrl, 'feed.xml'));
  } catch (error) {
    if (error instanceof FeedRenderError) return `cannot be published in a feed: ${error.field}: ${error.problem}`;
    throw error;
  }
  // Every feed shows an item's summary and metadata even when its content is left out for the byte
  // budget. One article with 6,000 authors (530 KB) made every feed it was in too big and stopped the run.
  // Characters, not bytes: a format spells a field up to about three times (Atom's category term and
  // label, escaped markup), so a third of the budget is the most one item may take.
  const chars = metadataChars(item);
  if (chars * 3 > config.feed.maxBytes) {
    return `cannot be published in a feed: its title, summary, authors, categories and links alone take ${chars} characters, more than a feed document can hold (feed.maxBytes ${config.feed.maxBytes} bytes)`;
  }
  return undefined;
}

function metadataChars(item: FeedItem): number {
  let chars = item.id.length + item.title.length + item.url.length + item.summary.length + (item.image?.length ?? 0) + (item.enclosure?.url.length ?? 0);
  for (const category of item.categories) chars += category.length;
  for (const author of item.authors) chars += author.name.length + (author.email?.length ?? 0) + (author.url?.length ?? 0);
  return chars;
}
