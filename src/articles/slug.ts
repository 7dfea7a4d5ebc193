import { sha256 } from './parsed.js';
import { detachedCopy } from '../strings/detached-copy.js';

export const MAX_SLUG = 80;

// Letters NFKD does not decompose into ASCII + combining marks.
const SPECIAL: Record<string, string> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ł: 'l', Ł: 'l',
  þ: 'th', Þ: 'th', ð: 'd', Ð: 'd', ı: 'i',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'gu');

/**
 * Punctuation that only separates words, so `Ukraine's war`, `Ukraine’s war` and `ukraine s war` are one
 * name. Anything else (`+`, `#`, `@`, `$`, `%`, symbols, other scripts) is part of the name's identity:
 * `C++` and `C#` must not share a folder.
 */
const SEPARATORS = String.raw`\s\-_.,:;!?'"()\/&’‘“”–—`;
const PLAIN = new RegExp(`^[A-Za-z0-9${SEPARATORS}]*$`, 'u');

/** The shape of a hash suffix; a plain name whose slug happens to end like one is hashed too. */
const HASH_LENGTH = 12;
const HASH_TAIL = new RegExp(`(?:^|-)[0-9a-f]{${HASH_LENGTH}}$`);

function truncate(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const dash = cut.lastIndexOf('-');
  return (dash > 0 ? cut.slice(0, dash) : slug.slice(0, max)).replace(/-+$/, '');
}

/** Latin letters to ASCII: `Crème` → `Creme`, `Straße` → `Strasse`; other characters pass through. */
function transliterate(text: string): string {
  return text.replace(SPECIAL_RE, (c) => SPECIAL[c] ?? '').normalize('NFKD').replace(/\p{M}/gu, '');
}

function readable(text: string): string {
  return transliterate(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The readable part of the slug rule: Latin letters transliterated (`Crème` → `creme`, `Straße` →
 * `strasse`), everything else that is not a letter or digit becomes a single dash, at most `max`
 * characters, cut at a dash. May return '' (a title in a non-Latin script, `..`).
 * Article slugs use this (made unique by {@link assignSlugs}); categories use {@link categorySlug}.
 */
export function slugify(text: string, max = MAX_SLUG): string {
  // Detached: the trimmed slug is a view into the untrimmed one, and every article keeps its slug all run.
  return detachedCopy(truncate(readable(text), max));
}

/**
 * What makes two names the same when they are not plain: Unicode compatibility forms (NFKC), case and
 * runs of whitespace do not count. (Lower-casing stands in for full case folding.)
 */
export function nameIdentity(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/**
 * The one slug rule for a name that has no remembered slug (a category, or an article title nothing
 * readable can be made of). Never empty; always `^[a-z0-9]+(-[a-z0-9]+)*$`.
 *
 * - A *plain* name (Latin letters, digits and separator punctuation: spaces, `- _ . , : ; ! ? ' " ( ) / &`)
 *   gets its readable slug, exactly as before: `World News` → `world-news`, `Ukraine's war` →
 *   `ukraine-s-war`, `Café` → `cafe`. Plain names with the same readable slug are the same name (they
 *   differ only in case, accents or separators).
 * - Any other name gets the readable part (if any) plus `-` and 12 hex digits (48 bits) of the SHA-256 of
 *   {@link nameIdentity}: `C++` → `c-…`, `C#` → `c-…` (different), `日本` → 12 hex digits.
 * - A plain slug longer than {@link MAX_SLUG}, or one ending like a hash, is hashed as well, so the two
 *   kinds can never meet: different names never share a slug.
 */
export function nameSlug(name: string): string {
  let slug = nameSlugs.get(name);
  if (slug === undefined) {
    slug = computeNameSlug(name);
    if (nameSlugs.size >= NAME_SLUG_CACHE_LIMIT) nameSlugs.clear();
    nameSlugs.set(name, slug);
  }
  return slug;
}

/**
 * Remembered slugs: a site has few category names, but every article asks for each of its names several
 * times (merging, grouping, rendering), and normalizing and transliterating them was ~0.5 s of a
 * 10,000-article build. Bounded so a long-lived process cannot grow it without limit.
 */
const NAME_SLUG_CACHE_LIMIT = 10_000;
const nameSlugs = new Map<string, string>();

function computeNameSlug(name: string): string {
  const plain = PLAIN.test(transliterate(name.normalize('NFKC')));
  const base = readable(name);
  if (plain && base !== '' && base.length <= MAX_SLUG && !HASH_TAIL.test(base)) return base;
  const hash = sha256(nameIdentity(name)).slice(0, HASH_LENGTH);
  const head = truncate(base, MAX_SLUG - HASH_LENGTH - 1);
  return head === '' ? hash : `${head}-${hash}`;
}

/** Folder of a category (`categories/<slug>/`): {@link nameSlug}. */
export function categorySlug(name: string): string {
  return nameSlug(name);
}

export interface SlugRequest {
  key: string;
  /** Wanted slug, already slugified and non-empty. */
  wanted: string;
  /** Claims before the others: an explicit front-matter slug or one already published. */
  sticky: boolean;
}

/**
 * Assigns unique slugs deterministically. Sticky requests claim first (sorted by key), so a
 * new article can never push an existing one off its URL; then the rest in key order. A taken
 * slug gets `-2`, `-3`, … (trimmed so the result still fits `MAX_SLUG`). `remembered()`: slugs a new
 * (not sticky) article must not take either, those of articles removed within the grace period, whose
 * URL readers may still hold and which get it back if they return.
 */
export function assignSlugs(requests: readonly SlugRequest[], reserved: ReadonlySet<string> = new Set(), remembered: () => ReadonlySet<string> = () => new Set()): Map<string, string> {
  const byKey = [...requests].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // Slugs of articles not in this batch (an incremental run parses only changed sources).
  const taken = new Set<string>(reserved);
  const result = new Map<string, string>();
  const pending: SlugRequest[] = [];
  for (const r of byKey) {
    if (r.sticky && !taken.has(r.wanted)) {
      taken.add(r.wanted);
      result.set(r.key, r.wanted);
    } else {
      pending.push(r);
    }
  }
  // Second loop so that sticky requests are all seated before any plain one claims a slug.
  const plain = pending.filter((r) => !r.sticky);
  const losers = pending.filter((r) => r.sticky);
  // Remembers the next suffix per base, so many same-titled articles stay linear, not quadratic.
  const nextSuffix = new Map<string, number>();
  const unavailable = (r: SlugRequest, slug: string) => taken.has(slug) || (!r.sticky && remembered().has(slug));
  for (const r of [...plain, ...losers]) {
    let slug = r.wanted;
    let n = nextSuffix.get(r.wanted) ?? 2;
    while (unavailable(r, slug)) {
      const suffix = `-${n}`;
      slug = `${truncate(r.wanted, MAX_SLUG - suffix.length)}${suffix}`;
      n++;
    }
    nextSuffix.set(r.wanted, n);
    taken.add(slug);
    result.set(r.key, slug);
  }
  return result;
}
