export { ArticleSchema, PersonSchema, PublishedPersonSchema, type Article, type Person } from './article.js';
export { InputError } from './input-error.js';
export { pendingPageUrl, resolvePendingPage } from './pending-page.js';
export {
  formatOf,
  processSource,
  type ProcessedArticle,
  type ProcessedSource,
  type ProcessOptions,
  type ArticleWarning,
} from './process-source.js';
export {
  loadArticles,
  deriveArticles,
  defaultArticleId,
  TAG_DATE,
  type SourceFile,
  type ArticleRecord,
  type LoadContext,
  type LoadResult,
} from './load-articles.js';
export { deriveHeadline, leadSentence, MAX_HEADLINE } from './headline.js';
export { slugify, nameSlug, nameIdentity, categorySlug, MAX_SLUG } from './slug.js';
export { stripXmlIllegal } from '../markup/index.js';
export { htmlToText } from './html-text.js';
export { parseArticleDate, implausibleDate, EARLIEST_DATE } from './dates.js';
export { canonicalLanguageTag, textDirection } from './language-tag.js';
export { MAX_TITLE, MAX_SUMMARY, MAX_CATEGORY, MAX_CATEGORIES_PER_ARTICLE, MAX_NESTING, MAX_ELEMENT_DEPTH } from './limits.js';
