// One slug rule for articles and categories: the second copy is where the two rules diverged.
export { categorySlug } from '../articles/slug.js';
