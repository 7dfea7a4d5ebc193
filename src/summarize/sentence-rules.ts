/**
 * What the sentence splitter needs to know about a language beyond the English rules it starts from.
 */
export interface SentenceRules {
  /** Whether a number of 1–3 digits with a full stop before a word is an ordinal (`Das 1. Tor`, `am 3. Oktober`). */
  readonly ordinalDot: boolean;
  /**
   * Words (lowercase) that open a sentence after such a number anyway: `Er wurde 25. Die Polizei …` is two
   * sentences. Only articles and pronouns, which never follow an ordinal.
   */
  readonly openersAfterOrdinal: ReadonlySet<string>;
}

/** Languages that write ordinal numbers with a full stop (`1. Januar`, `1. tammikuuta`, `1. mája`). */
const ORDINAL_DOT_LANGUAGES = new Set([
  'de', 'da', 'no', 'nb', 'nn', 'fi', 'cs', 'sk', 'sl', 'hr', 'sr', 'bs', 'hu', 'tr', 'is', 'et', 'lv', 'pl',
]);

const OPENERS_AFTER_ORDINAL: Readonly<Record<string, ReadonlySet<string>>> = {
  de: new Set([
    'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'er', 'sie', 'es', 'ich', 'wir', 'ihr', 'man',
    'dies', 'diese', 'dieser', 'dieses', 'doch', 'aber', 'und', 'auch', 'damit', 'dann',
  ]),
};

const NONE: ReadonlySet<string> = new Set();
const ENGLISH: SentenceRules = { ordinalDot: false, openersAfterOrdinal: NONE };

/** The rules for `language`, a primary subtag (`de`) or '' when unknown. */
export function sentenceRulesFor(language: string): SentenceRules {
  if (!ORDINAL_DOT_LANGUAGES.has(language)) return ENGLISH;
  return { ordinalDot: true, openersAfterOrdinal: OPENERS_AFTER_ORDINAL[language] ?? NONE };
}
