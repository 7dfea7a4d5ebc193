import * as z from 'zod';

// RFC 5646 `langtag` (well-formed syntax); grandfathered and private-use-only tags are not accepted, nor
// a primary subtag of 4-8 letters: the syntax reserves them, none is registered, and what they let through
// is a language's name (`english`), published as `xml:lang="english"`.
const LANGTAG =
  /^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?$/i;

/**
 * `raw` (trimmed) as a canonical BCP 47 language tag (`en-us` → `en-US`), or `undefined` when it is not
 * one: both the RFC 5646 syntax and `Intl.getCanonicalLocales` must accept it, so no quote, space or
 * markup can reach an `xml:lang` or `lang` attribute.
 */
export function canonicalLanguageTag(raw: string): string | undefined {
  const tag = raw.trim();
  if (!LANGTAG.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** A string that must be a BCP 47 tag, parsed to its canonical form: one rule for the config and every article. */
export const LanguageTagSchema = z.string().transform((raw, ctx) => {
  const tag = canonicalLanguageTag(raw);
  if (tag === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag like "en" or "pt-BR"' });
    return z.NEVER;
  }
  return tag;
});

// Scripts written right to left (ISO 15924), and languages whose usual script is one of them.
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'thaa', 'syrc', 'nkoo', 'adlm', 'rohg', 'mand', 'samr', 'mend', 'yezi']);
const RTL_LANGUAGES = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'ji', 'dv', 'ckb', 'arc', 'syr', 'nqo', 'ks', 'azb', 'pnb', 'lrc', 'mzn', 'glk']);

/**
 * The writing direction of text in language `tag`: from its script subtag when it has one (`az-Arab` is
 * right to left, `ug-Latn` is not), else from its language. Pages must say so (`dir="rtl"`): `lang` alone
 * leaves an Arabic page laid out left to right.
 */
export function textDirection(tag: string): 'ltr' | 'rtl' {
  const [language = '', ...rest] = tag.toLowerCase().split('-');
  const script = rest.find((subtag) => /^[a-z]{4}$/.test(subtag));
  if (script !== undefined) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  return RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
}
