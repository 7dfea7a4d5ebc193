export const MAX_SLUG = 80;

// Letters NFKD does not decompose into ASCII + combining marks.
const SPECIAL: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ł: 'l', Ł: 'l',
  þ: 'th', Þ: 'th', ð: 'd', Ð: 'd', ı: 'i', '&': ' and ',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'gu');

function truncate(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const dash = cut.lastIndexOf('-');
  return (dash > 0 ? cut.slice(0, dash) : slug.slice(0, max)).replace(/-+$/, '');
}

/**
 * ASCII slug: accents transliterated (NFKD, combining marks dropped), apostrophes removed so
 * "Ukraine’s" → "ukraines", everything else non-alphanumeric → single dashes, at most
 * `max` characters, cut at a dash. May return '' (e.g. a title in a non-Latin script).
 */
export function slugify(text: string, max = MAX_SLUG): string {
  const ascii = text
    .replace(SPECIAL_RE, (c) => SPECIAL[c] ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’‘`]/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return truncate(ascii, max);
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
 * slug gets `-2`, `-3`, … (trimmed so the result still fits `MAX_SLUG`).
 */
export function assignSlugs(requests: readonly SlugRequest[], reserved: ReadonlySet<string> = new Set()): Map<string, string> {
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
  for (const r of [...plain, ...losers]) {
    let slug = r.wanted;
    let n = nextSuffix.get(r.wanted) ?? 2;
    while (taken.has(slug)) {
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
