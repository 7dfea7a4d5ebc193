/**
 * Which term model the summarizer uses for an article. English gets Porter stems and an English
 * function-word list; every other language gets a language-neutral model (see tokens.ts) rather than
 * English rules applied to text they do not fit.
 */
export type TermModel = 'english' | 'neutral';

/** Languages with stemming and stop words. Keep README's "summary languages" line in step. */
export const STEMMED_LANGUAGES: readonly string[] = ['en'];

/** Function words common enough in any English paragraph to identify it. */
const ENGLISH_MARKERS = /\b(?:the|and|of|to|in|is|was|that|for|on|with|said|it|he|a)\b/gi;

/** How much of an untagged text is inspected to guess its language. */
const SAMPLE_CHARS = 1200;
/** Share of English markers above which untagged text is treated as English (English prose runs ~25–35%). */
const ENGLISH_MARKER_SHARE = 0.12;

/**
 * The term model for `text`: from `lang` (a BCP 47 tag, only its primary subtag counts) when given,
 * otherwise guessed from the share of English function words among the first words of the text.
 */
export function termModelFor(text: string, lang?: string): TermModel {
  if (lang !== undefined && lang.trim() !== '') {
    return STEMMED_LANGUAGES.includes(primaryLanguage(lang)) ? 'english' : 'neutral';
  }
  const sample = text.slice(0, SAMPLE_CHARS);
  const words = sample.split(/\s+/).filter((w) => w !== '').length;
  const markers = sample.match(ENGLISH_MARKERS)?.length ?? 0;
  return words > 0 && markers / words >= ENGLISH_MARKER_SHARE ? 'english' : 'neutral';
}

/** The primary subtag of a BCP 47 tag, lowercased (`de-AT` → `de`); '' for none. */
export function primaryLanguage(lang?: string): string {
  return lang?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * German function words that English prose does not use (`die`, `in`, `was` are left out: English has
 * them too).
 */
const GERMAN_MARKERS = /(?<![\p{L}\p{N}])(?:der|und|das|ist|nicht|mit|den|von|sich|des|auf|für|dem|ein|eine|einen|wird|wurde|hat|sind|zu|im|bei|nach|auch|am|es|er)(?![\p{L}\p{N}])/giu;
/** Share of German markers above which text tagged `en`, or untagged, is read as German (German prose runs ~20–30%). */
const GERMAN_MARKER_SHARE = 0.12;

/**
 * The language whose sentence rules split `text`: `lang`'s primary subtag, except that German text tagged
 * `en` or untagged is read as German. The build tags an article without `lang` with the site's language, so
 * a German article on an English site arrives as `en`, and English rules would end its sentences at every
 * ordinal (`am 1. Januar`).
 */
export function sentenceLanguageFor(text: string, lang?: string): string {
  const primary = primaryLanguage(lang);
  if (primary !== '' && primary !== 'en') return primary;
  const sample = text.slice(0, SAMPLE_CHARS);
  const words = sample.split(/\s+/).filter((w) => w !== '').length;
  const german = sample.match(GERMAN_MARKERS)?.length ?? 0;
  return words > 0 && german / words >= GERMAN_MARKER_SHARE ? 'de' : primary;
}
