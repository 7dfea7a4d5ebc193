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
    const primary = lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    return STEMMED_LANGUAGES.includes(primary) ? 'english' : 'neutral';
  }
  const sample = text.slice(0, SAMPLE_CHARS);
  const words = sample.split(/\s+/).filter((w) => w !== '').length;
  const markers = sample.match(ENGLISH_MARKERS)?.length ?? 0;
  return words > 0 && markers / words >= ENGLISH_MARKER_SHARE ? 'english' : 'neutral';
}
