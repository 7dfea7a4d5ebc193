import type { TermModel } from './language.js';

/**
 * Whether a sentence leans on the one before it, so it cannot open a summary: it starts with a
 * connective ("But", "However,", "And") or with a pronoun whose referent is in an earlier sentence
 * ("He said", "They were", "It is"). English has the full lists; French, German and Spanish the common
 * connectives and pronouns (see FOREIGN_OPENERS); for other languages nothing is known to depend, and
 * position keeps the first sentence in front anyway.
 */

const CONNECTIVES = new Set([
  'but', 'however', 'and', 'or', 'so', 'yet', 'also', 'still', 'nevertheless', 'nonetheless', 'meanwhile',
  'moreover', 'furthermore', 'besides', 'instead', 'otherwise', 'therefore', 'thus', 'hence', 'consequently',
  'then', 'later', 'afterwards', 'indeed', 'though', 'although', 'similarly', 'likewise', 'additionally',
  'this', 'that', 'these', 'those', 'such', 'there', 'here', 'both', 'another', 'others', 'other',
]);

/** Pronouns that need an antecedent; "I", "we", "you" usually open a quote and stand alone. */
const PRONOUNS = new Set(['he', 'she', 'it', 'they', 'him', 'her', 'them', 'his', 'its', 'their', 'hers', 'theirs']);

/** Openers that are phrases, checked on the first two words. */
const PHRASES = new Set(['in addition', 'as well', 'on the', 'at the', 'by then', 'after that', 'even so', 'as a', 'for example', 'for instance', 'in fact', 'in turn']);
/** Of PHRASES, those that depend only with what follows (`On the other hand`, `At the same time`). */
const PHRASE_TAILS: ReadonlyMap<string, RegExp> = new Map([
  ['on the', /^on the other hand\b/],
  ['at the', /^at the same time\b/],
  ['as a', /^as a result\b/],
]);

const LEADING_PUNCT = /^[\s"'“‘«(\[—–-]+/u;
/** Enough of a sentence to hold the longest opener checked ("on the other hand", "at the same time"). */
const OPENING_CHARS = 48;

/** Point at something; at the very start of an article they point forward ("This is the moment …"). */
const DEMONSTRATIVES = new Set(['this', 'that', 'these', 'those', 'such', 'here', 'there']);

/**
 * Openers that refer back in French, German and Spanish, matched on the sentence's start (lowercased): the
 * connectives, and the third-person pronouns before a verb (also `Il n'a`, `Il s'est`). Words that are also
 * articles (German `Das`, `Die`) are left out: they open news sentences; so are impersonal starts (see
 * IMPERSONAL).
 */
const FOREIGN_OPENERS: ReadonlyMap<string, RegExp> = new Map([
  [
    'fr',
    /^(?:mais|cependant|pourtant|toutefois|néanmoins|or|donc|ainsi|en outre|de plus|par ailleurs|en revanche|par conséquent|(?:il|elle|ils|elles) (?:[nlsmt]['’])?\p{L}+|ce dernier|cette dernière|cela|ceci)(?![\p{L}'’])/u,
  ],
  [
    'de',
    /^(?:aber|doch|jedoch|allerdings|dennoch|trotzdem|außerdem|zudem|deshalb|daher|darum|danach|dann|und|oder|auch|(?:er|sie|es) \p{L}+|dies|dieser|diese|dieses)(?![\p{L}])/u,
  ],
  [
    'es',
    /^(?:pero|sin embargo|además|aunque|también|y|o|entonces|luego|por eso|por lo tanto|así|él|ella|ellos|ellas|esto|eso|dijo|añadió|afirmó|explicó)(?![\p{L}])/u,
  ],
]);

/** What follows French `il est` (`était`, `sera`) when `il` stands for nothing: `Il est temps de`, `Il est possible que`. */
const FRENCH_IMPERSONAL_IS =
  "(?:est|était|sera|serait)(?: pas| plus)? (?:temps|question|(?:possible|impossible|probable|improbable|prévu|important|nécessaire|indispensable|essentiel|difficile|facile|urgent|inutile|normal|interdit|exclu|préférable|souhaitable|évident|clair|vrai|dommage|rare) (?:de|d['’]|que|qu['’])|certain (?:que|qu['’])|une fois)";

/**
 * Starts whose pronoun stands for nothing, so they refer back to no earlier sentence: French impersonal `il`
 * (`Il y a`, `Il faut`, `Il s'agit`, `Il semble`, `Il reste`, `Il est temps de`, also negated: `Il n'y a`,
 * `Il ne faut`) and German expletive `es` (`Es gibt`, `Es geht um`, `Es kam zu`, `Es ist unklar, ob`, `Es
 * wurden 20 verletzt`, `Es wird erwartet`). `Il est accusé` and `Es tritt in Kraft` have a referent and still
 * refer back.
 */
const IMPERSONAL: ReadonlyMap<string, RegExp> = new Map([
  [
    'fr',
    new RegExp(
      `^il (?:ne |n['’])?(?:y(?= )|fa(?:ut|llait|udra|udrait)|s['’]ag(?:it|issait|ira)|sembl(?:e|ait|erait)|para[iî]t|rest(?:e|ait|era)|exist(?:e|ait)|manqu(?:e|ait|era)|suffi(?:t|sait|ra)|convient|importe|vaut mieux|se peut|pleut|neige|${FRENCH_IMPERSONAL_IS})(?:(?<=['’])|(?![\\p{L}]))`,
      'u',
    ),
  ],
  [
    'de',
    /^es (?:gibt|gab|geht|ging|handelt|handelte|kam|kommt|ist|war|sei|wäre|werden|wurden|bleibt|blieb|fehlt|fehlte|fehlen|fehlten|regnet|schneit|heißt|hieß|scheint|schien|gilt|galt|droht|drohte|drohen|besteht|bestand|herrscht|herrschte|wird (?:erwartet|vermutet|befürchtet|angenommen|berichtet|geschätzt)|wurde (?:bekannt|berichtet|gemeldet|mitgeteilt|erwartet|vermutet|befürchtet))(?![\p{L}])/u,
  ],
]);

/**
 * True when `sentence` should not open a summary because it refers back. `articleStart` marks the
 * article's own first sentence: a demonstrative there points forward, but a pronoun or connective
 * still leans on context (a headline or picture) the summary's reader may not have.
 */
export function dependsOnPrevious(sentence: string, model: TermModel, articleStart = false, language = ''): boolean {
  const foreign = FOREIGN_OPENERS.get(language);
  if (model !== 'english' && foreign === undefined) return false;
  const text = sentence.slice(0, OPENING_CHARS).replace(LEADING_PUNCT, '').toLowerCase();
  if (model !== 'english') return (foreign?.test(text) ?? false) && !(IMPERSONAL.get(language)?.test(text) ?? false);
  const words = text.match(/[\p{L}'’]+/gu);
  if (words === null) return false;
  // "He's", "They're", "It’s": the pronoun is what matters.
  const first = (words[0] as string).replace(/['’].*$/u, '');
  if (articleStart && DEMONSTRATIVES.has(first)) return false;
  if (CONNECTIVES.has(first)) {
    // "That" and "This" are demonstratives only when a noun or verb follows; "This year" still
    // refers to a time the reader knows, so it is allowed.
    if ((first === 'this' || first === 'that') && /^(?:this|that) (?:year|week|month|morning|afternoon|evening|summer|winter|spring|autumn|season|time)\b/.test(text)) {
      return false;
    }
    if (first === 'there' && /^there (?:is|are|was|were|has|have|had|will|may|might|could|should|would|seems?|appears?)\b/.test(text)) {
      return false;
    }
    return true;
  }
  if (PRONOUNS.has(first)) return true;
  const two = words.length > 1 ? `${first} ${words[1] as string}` : first;
  if (PHRASES.has(two)) {
    const tail = PHRASE_TAILS.get(two);
    return tail === undefined || tail.test(text);
  }
  return false;
}
