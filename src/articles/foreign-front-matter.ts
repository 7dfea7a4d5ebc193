/**
 * Front matter written for Jekyll or Hugo, read as ours: a site moved from either keeps its posts.
 * Fields with a meaning here are mapped; fields that only steer those generators' templates are dropped
 * with a warning (never silently: a warning names each one). Anything else stays an unknown-field error.
 */

/** Their name → ours, used only when ours is not given too. */
const RENAMED: Record<string, string> = {
  lastmod: 'updated', // Hugo
  last_modified_at: 'updated', // jekyll-seo-tag and most themes
  description: 'summary', // Hugo
  excerpt: 'summary', // Jekyll
  publishDate: 'date', // Hugo: the date it goes live
};

/** Template and build settings of Jekyll/Hugo with no counterpart in a feed. */
const IGNORED = new Set([
  'layout',
  'weight',
  'aliases',
  'type',
  'menu',
  'toc',
  'comments',
  'sitemap',
  'keywords',
  'series',
  'images',
  'featured_image',
  'hidden',
  'expiryDate',
  'linkTitle',
  'markup',
  'outputs',
  'resources',
  'headless',
  'cascade',
  'math',
  'share',
  'redirect_from',
]);

export interface AdaptedFrontMatter {
  data: Record<string, unknown>;
  /** One per dropped or adapted field, naming it. */
  warnings: string[];
}

/** `/2026/01/hello-world/` or `/posts/hello-world.html` → `hello-world`. */
function slugOfPermalink(permalink: string): string | undefined {
  const last = permalink.split(/[?#]/, 1)[0]?.split('/').filter((p) => p !== '').pop();
  return last?.replace(/\.html?$/i, '') || undefined;
}

export function adaptForeignFrontMatter(input: Record<string, unknown>): AdaptedFrontMatter {
  // Own keys only, in and out: a field named `toString` or `__proto__` looked up in a plain object found
  // Object.prototype's members (reported as an unknown field "function toString() { [native code] }"), and
  // assigned to one, `__proto__` set its prototype instead of a field.
  const entries: [string, unknown][] = [];
  const set = (key: string, value: unknown) => entries.push([key, value]);
  const warnings: string[] = [];
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    const ours = Object.hasOwn(RENAMED, key) ? RENAMED[key] : undefined;
    if (ours !== undefined) {
      if (!Object.hasOwn(input, ours)) set(ours, value);
      else ignored.push(key);
    } else if (key === 'permalink') {
      // Jekyll/Hugo `permalink`/`url` is a path on their site: its last segment is the page's name here.
      const slug = typeof value === 'string' ? slugOfPermalink(value) : undefined;
      if (slug !== undefined && !Object.hasOwn(input, 'slug')) set('slug', slug);
      else ignored.push(key);
    } else if (key === 'published' && typeof value === 'boolean') {
      // Jekyll: `published: false` keeps a post out of the site, as `draft: true` does here.
      if (!Object.hasOwn(input, 'draft')) set('draft', !value);
    } else if (IGNORED.has(key)) {
      ignored.push(key);
    } else {
      set(key, value);
    }
  }
  if (ignored.length > 0) warnings.push(`front matter: ignored ${ignored.map((k) => `"${k}"`).join(', ')} (Jekyll/Hugo settings with no meaning here)`);
  // fromEntries defines each key as an own property (`__proto__` included).
  return { data: Object.fromEntries(entries), warnings };
}

/** TOML values as YAML would give them: plain objects, dates as the strings they were written as. */
export function plainTomlValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainTomlValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainTomlValue(v)]));
  }
  return value;
}
