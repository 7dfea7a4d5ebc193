import { toFeedUri } from '../feeds/feed-uri.js';
import { stripXmlIllegal } from '../markup/index.js';
import { ArticleSchema, type Article, type Person } from './article.js';
import { implausibleDate } from './dates.js';
import { InputError } from './input-error.js';
import { mergeCategories, mergePeople } from './meta.js';
import { resolvePendingPage } from './pending-page.js';
import {
  type ArticleWarning,
  type ProcessedArticle,
  type ProcessedSource,
  type SourceFile,
  processSource,
} from './process-source.js';
import { assignSlugs, nameSlug, slugify, type SlugRequest } from './slug.js';

export type { SourceFile } from './process-source.js';

/** What the state file remembers per article key between runs. */
export interface ArticleRecord {
  id: string;
  firstSeen: string;
  contentHash: string;
  /** The article's `print` (see ProcessedArticle) when it was recorded; absent in records written before. */
  print?: string;
  updated: string;
  slug: string;
}

export interface LoadContext {
  /** Absolute, ends with '/'. */
  siteUrl: string;
  /** Site default language (articles without `lang` inherit it in the feeds, not here). */
  language: string;
  defaultAuthor?: Person;
  maxBytes: number;
  /** The injected clock; used only as `firstSeen` (and `updated` on change) — never file times. */
  now: Date;
  known: Record<string, ArticleRecord>;
  /**
   * Records a run that died after its first output write dated anew (its state unsaved): their dates are
   * what readers may have, so an article still as that run saw it keeps them (a new one its first-seen
   * date, an edited one its `updated`) instead of taking the clock again.
   */
  pending?: Record<string, ArticleRecord>;
  /**
   * Slugs and ids (id → article key) held by articles outside this batch: an incremental run loads only
   * changed sources, and a new article must still not take an existing URL. An id goes to the claimant
   * with the smallest key whether or not it is in the batch: see {@link LoadResult.displaced}.
   */
  reserved?: { slugs: ReadonlySet<string>; ids: ReadonlyMap<string, string> };
}

export interface LoadResult {
  /** Valid, non-draft articles, newest first (published desc, then id asc). */
  articles: Article[];
  rejected: InputError[];
  /** New state for every article published this run, keyed like `known`. */
  records: Record<string, ArticleRecord>;
  /** Generated summaries by article id (only when the per-source stage was given a summarizer). */
  summaries: Map<string, string>;
  /**
   * Values dropped from published articles because they could not be published safely (a
   * `javascript:` link, an invalid e-mail), sorted by path: `{ path: key, reason: 'author.url: dropped …' }`.
   */
  warnings: ArticleWarning[];
  /**
   * Keys from `ctx.reserved.ids` that lost their id to an article of this batch with a smaller key.
   * Such an owner is still published from the caller's cache, so the site would carry the id twice:
   * the caller must run the derive stage again with those keys' sources processed too (they are then
   * rejected as duplicates, naming the winner). Empty when no reserved owner lost; sorted.
   */
  displaced: string[];
}

/**
 * The date part of default tag: URIs (RFC 4151). Fixed forever, not the current year: the
 * same file must get the same id on every run and machine, in every year.
 */
export const TAG_DATE = '2026';

/**
 * `tag:<host>,2026:<path>` with each path segment percent-encoded (RFC 4151 `specific`), plus `#<index>` for
 * an element of a JSON array. A `#` in the path itself is encoded (`%23`): it used to end the path, so
 * `notes #1.json` gave all its elements one id.
 */
export function defaultArticleId(siteUrl: string, path: string, index?: string): string {
  const host = new URL(siteUrl).hostname;
  const specific = path.split('/').map(encodeURIComponent).join('/');
  // Joined into one flat string (a template stays a tree of its parts in V8): every article's id is kept
  // for the whole run.
  return ['tag:', host, ',', TAG_DATE, ':', specific, index === undefined ? '' : `#${encodeURIComponent(index)}`].join('');
}

/** The index part of a JSON array element's id path (`path#3` → `3`); none for a whole file. */
function arrayIndexOf(a: ProcessedArticle): string | undefined {
  return a.idPath === a.sourcePath ? undefined : a.idPath.slice(a.sourcePath.length + 1);
}

function fileStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Prepared {
  article: ProcessedArticle;
  id: string;
  /** The id was made from the source path this run (no front-matter id, none remembered). */
  derived: boolean;
  published: string;
  updated: string;
  firstSeen: string;
  authors: Person[];
}

/**
 * Whether the article is as a record saw it: the same source bytes, or the same shown fields. A record
 * written before the print folded whitespace holds the print of the body as written (`printAsWritten`).
 */
function sameAsRecorded(record: ArticleRecord, a: ProcessedArticle): boolean {
  if (record.contentHash === a.contentHash) return true;
  return record.print !== undefined && (record.print === a.print || record.print === a.printAsWritten);
}

function prepare(a: ProcessedArticle, ctx: LoadContext, nowIso: string): Prepared | InputError {
  const { meta } = a;
  for (const [field, iso] of [['date', meta.date], ['updated', meta.updated]] as const) {
    const problem = iso === undefined ? undefined : implausibleDate(field, iso, ctx.now);
    if (problem !== undefined) return new InputError(a.key, problem);
  }
  const known = ctx.known[a.key];
  const pending = ctx.pending?.[a.key];
  // As the dead run saw it: the same source bytes or the same shown fields (see ProcessedArticle.print).
  const asPending = pending !== undefined && sameAsRecorded(pending, a);
  const firstSeen = known?.firstSeen ?? (asPending ? pending.firstSeen : nowIso);
  const published = meta.date ?? firstSeen;
  let updated: string;
  if (meta.updated !== undefined) {
    if (meta.updated < published) {
      return new InputError(a.key, `updated: ${meta.updated} is before the publication date ${published}`);
    }
    updated = meta.updated;
  } else {
    // `updated` moves only when the content does, so unchanged reruns produce identical feeds.
    const unchanged = known !== undefined && sameAsRecorded(known, a);
    // A record of the dead run that this source no longer matches (edited again, or reverted): readers may
    // have its version, so this one is an edit for them, dated now, never the older date again.
    const derived = known === undefined ? published : asPending ? pending.updated : pending === undefined && unchanged ? known.updated : nowIso;
    updated = derived < published ? published : derived;
  }
  // A front-matter id wins; else the remembered one, so ids survive a later change of site URL.
  const id = meta.id ?? known?.id ?? defaultArticleId(ctx.siteUrl, a.sourcePath, arrayIndexOf(a));
  const derived = meta.id === undefined && known === undefined;
  const authors = mergePeople(
    (meta.authors ?? (ctx.defaultAuthor ? [ctx.defaultAuthor] : [])).map((p) => ({
      ...p,
      name: stripXmlIllegal(p.name),
    })),
  );
  return { article: a, id, derived, published, updated, firstSeen, authors };
}

function slugRequest(a: Prepared, known: ArticleRecord | undefined): SlugRequest | InputError {
  const { meta, key, sourcePath } = a.article;
  if (meta.slug !== undefined) {
    // A name with no readable part (`новости`, `日本語`, emoji) gets the hash rule categories get, not a rejection.
    const wanted = slugify(meta.slug) || nameSlug(meta.slug);
    return { key, wanted, sticky: true };
  }
  if (known !== undefined && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(known.slug)) {
    return { key, wanted: known.slug, sticky: true };
  }
  return { key, wanted: slugify(a.article.title) || slugify(fileStem(sourcePath)) || nameSlug(a.article.title), sticky: false };
}

/**
 * Reads every supported source (`.txt`, `.md`, `.json`, `.html`) into normalized articles.
 * Never throws for a bad file: it lands in `rejected` with its path and reason, and the rest
 * continues. Output depends only on `sources` and `ctx` (no clock, no file times), so the
 * same input and state give the same articles, ids, slugs and dates.
 */
export function loadArticles(sources: readonly SourceFile[], ctx: LoadContext): LoadResult {
  return deriveArticles(
    sources.map((source) => processSource(source, { siteUrl: ctx.siteUrl, maxBytes: ctx.maxBytes })),
    ctx,
  );
}

/**
 * The id feeds publish for `id` (see {@link toFeedUri}: a bare front-matter id is wrapped in a tag: URI)
 * and every id that publishes as the same one: itself, that URI, and the bare id the URI wraps. Ids are
 * told apart by what readers see, so `x.md` and a file at `id/x.md` are one id, not two items with one guid.
 */
function feedIdentity(p: Prepared, host: string): { published: string; aliases: string[] } {
  const wrapped = `tag:${host},2026:id/`;
  // A path-made id is a URI already: only one under `id/` can equal a wrapped bare id.
  if (p.derived && !p.id.startsWith(wrapped)) return { published: p.id, aliases: [p.id] };
  let published: string;
  try {
    published = toFeedUri(p.id, host);
  } catch {
    // Not encodable (a lone surrogate): the feed check rejects the article by name later.
    return { published: p.id, aliases: [p.id] };
  }
  const aliases = published === p.id ? [p.id] : [p.id, published];
  if (published.startsWith(wrapped)) {
    try {
      const bare = decodeURIComponent(published.slice(wrapped.length));
      if (!aliases.includes(bare) && toFeedUri(bare, host) === published) aliases.push(bare);
    } catch {
      // Not an escape toFeedUri writes: no bare id publishes as this one.
    }
  }
  return { published, aliases };
}

/**
 * Which claimant of each id is published. Front-matter and remembered ids: the one with the smallest
 * key, so the outcome depends only on the input, never on processing order; losers are rejected naming
 * the winner, and a reserved owner (outside the batch) that loses is returned in `displaced`. An id made
 * from the source path this run never contests one: when another article holds it (one that moved away
 * from this path and kept its id, or whose front-matter id is that URI, or a record still remembered), the
 * new article takes the next free `;2`, `;3`…, so neither is lost and no reader sees a different story under
 * an id they know.
 */
function resolveIds(
  claimants: readonly Prepared[],
  reserved: ReadonlyMap<string, string>,
  host: string,
  remembered: () => ReadonlySet<string>,
): { winners: Prepared[]; rejected: InputError[]; displaced: string[] } {
  const byId = new Map<string, { list: Prepared[]; owner: string | undefined }>();
  const ownerOf = (aliases: string[], owner: string | undefined) => {
    for (const alias of aliases) {
      const key = reserved.get(alias);
      if (key !== undefined && (owner === undefined || byString(key, owner) < 0)) owner = key;
    }
    return owner;
  };
  const claim = (p: Prepared, identity: { published: string; aliases: string[] }) => {
    const group = byId.get(identity.published);
    if (group === undefined) byId.set(identity.published, { list: [p], owner: ownerOf(identity.aliases, undefined) });
    else {
      group.list.push(p);
      group.owner = ownerOf(identity.aliases, group.owner);
    }
  };
  const derived: Prepared[] = [];
  for (const p of claimants) {
    if (p.derived) derived.push(p);
    else claim(p, feedIdentity(p, host));
  }
  for (const p of derived) {
    const base = p.id;
    for (let n = 2; ; n++) {
      const identity = feedIdentity(p, host);
      // Remembered ids include every reserved one (the ids of cached articles are their records' ids).
      const free = !byId.has(identity.published) && !identity.aliases.some((alias) => remembered().has(alias));
      if (free) {
        claim(p, identity);
        break;
      }
      p.id = `${base};${n}`;
    }
  }
  const winners: Prepared[] = [];
  const rejected: InputError[] = [];
  const displaced: string[] = [];
  for (const [published, { list, owner }] of byId) {
    list.sort((a, b) => byString(a.article.key, b.article.key));
    const first = list[0] as Prepared;
    const batchWins = owner === undefined || byString(first.article.key, owner) < 0;
    const winner = batchWins ? first.article.key : (owner as string);
    if (batchWins) {
      winners.push(first);
      if (owner !== undefined && owner !== first.article.key) displaced.push(owner);
    }
    for (const p of batchWins ? list.slice(1) : list) {
      // Named as the author wrote it, and as readers see it when the claimants spell it differently.
      const id = list.every((q) => q.id === p.id) ? `"${p.id}"` : `"${p.id}" (published as "${published}")`;
      // Named by position (`path#n`): an element of a JSON array with an id is keyed `path#<id>`, which two
      // elements with one id share, and which names one element by its (mangled) id in another message.
      const kept = batchWins ? first.article.idPath : winner;
      rejected.push(new InputError(p.article.idPath, `duplicate id ${id} (also used by ${kept}, which is published)`));
    }
  }
  winners.sort((a, b) => byString(a.article.key, b.article.key));
  return { winners, rejected, displaced: displaced.sort(byString) };
}

/**
 * The whole-site stage after {@link processSource}: ids, dates (from `ctx.known` and `ctx.now`),
 * duplicate ids, unique slugs, and the page links that waited for a slug. Cheap and sequential; the
 * result does not depend on the order or the thread the sources were processed in.
 *
 * Duplicate ids: the claimant with the smallest key is published and the others are rejected naming it,
 * including a claimant outside the batch (`ctx.reserved.ids`); when one of those loses, its key is in
 * `displaced` and the caller must re-run with its source in `processed` (see {@link LoadResult.displaced}).
 */
export function deriveArticles(processed: readonly ProcessedSource[], ctx: LoadContext): LoadResult {
  const nowIso = ctx.now.toISOString();
  const rejected: InputError[] = [];
  const claimants: Prepared[] = [];
  const sorted = [...processed].sort((a, b) => byString(a.path, b.path));

  for (const source of sorted) {
    for (const r of source.rejected) rejected.push(new InputError(r.path, r.reason));
    for (const processedArticle of source.articles) {
      const article = prepare(processedArticle, ctx, nowIso);
      if (article instanceof InputError) rejected.push(article);
      else claimants.push(article);
    }
  }
  // Ids of every remembered record (published or retired within its grace period): a path-made id is never
  // one of them, so a new article never takes an id readers have already seen for another story.
  let remembered: Set<string> | undefined;
  const rememberedIds = () => (remembered ??= new Set(Object.values(ctx.known).map((r) => r.id)));
  const resolved = resolveIds(claimants, ctx.reserved?.ids ?? new Map(), new URL(ctx.siteUrl).hostname, rememberedIds);
  rejected.push(...resolved.rejected);
  const prepared = resolved.winners;

  const requests: SlugRequest[] = [];
  const withSlugRequest: Prepared[] = [];
  for (const a of prepared) {
    const request = slugRequest(a, ctx.known[a.article.key]);
    if (request instanceof InputError) {
      rejected.push(request);
      continue;
    }
    requests.push(request);
    withSlugRequest.push(a);
  }
  let rememberedSlugs: Set<string> | undefined;
  const slugs = assignSlugs(requests, ctx.reserved?.slugs, () => (rememberedSlugs ??= new Set(Object.values(ctx.known).map((r) => r.slug))));

  const articles: Article[] = [];
  const records: Record<string, ArticleRecord> = {};
  const summaries = new Map<string, string>();
  for (const a of withSlugRequest) {
    const { article } = a;
    const { meta } = article;
    const slug = slugs.get(article.key) ?? 'article';
    // Page-relative links were resolved against a placeholder page; now the page is known.
    const resolve = (html: string) => (meta.url === undefined ? resolvePendingPage(html, ctx.siteUrl, slug) : html);
    const candidate: Article = {
      id: a.id,
      slug,
      sourcePath: article.sourcePath,
      title: article.title,
      ...(meta.url !== undefined ? { url: meta.url } : {}),
      contentHtml: resolve(article.contentHtml),
      contentText: article.contentText,
      ...(meta.summary !== undefined ? { summary: stripXmlIllegal(meta.summary) } : {}),
      published: a.published,
      updated: a.updated,
      authors: a.authors,
      // Again after stripping: two names may become one.
      categories: mergeCategories(meta.categories.map(stripXmlIllegal)),
      ...(article.image !== undefined ? { image: resolve(article.image) } : {}),
      ...(article.enclosure !== undefined ? { enclosure: { ...article.enclosure, url: resolve(article.enclosure.url) } } : {}),
      ...(meta.lang !== undefined ? { lang: meta.lang } : {}),
      contentHash: article.contentHash,
    };
    // Guards the contract every renderer relies on; a failure here is a bug surfaced as data.
    const checked = ArticleSchema.safeParse(candidate);
    if (!checked.success) {
      rejected.push(new InputError(article.key, `invalid article: ${checked.error.issues[0]?.message ?? 'unknown'}`));
      continue;
    }
    articles.push(checked.data);
    if (article.summary !== undefined) summaries.set(a.id, article.summary);
    records[article.key] = {
      id: a.id,
      firstSeen: a.firstSeen,
      contentHash: article.contentHash,
      print: article.print,
      updated: a.updated,
      slug,
    };
  }

  articles.sort((x, y) => byString(y.published, x.published) || byString(x.id, y.id));
  const warnings = sorted
    .flatMap((source) => source.warnings ?? [])
    .filter((w) => records[w.path] !== undefined);
  rejected.sort((a, b) => byString(a.path, b.path));
  return { articles, rejected, records, summaries, warnings, displaced: resolved.displaced };
}
