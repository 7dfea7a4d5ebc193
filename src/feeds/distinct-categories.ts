import { categorySlug } from './category-slug.js';
import { cleanLine } from './feed-fields.js';

/**
 * An item's categories as feeds show them: cleaned to one line, empty ones dropped, one per category
 * slug (the first spelling wins). Two names with one slug share one category feed, so keeping both would
 * list the item twice in that feed.
 */
export function distinctCategories(names: string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of names) {
    const name = cleanLine(raw);
    if (name === '') continue;
    const slug = categorySlug(name);
    if (seen.has(slug)) continue;
    seen.add(slug);
    kept.push(name);
  }
  return kept;
}
