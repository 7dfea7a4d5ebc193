/**
 * Keeping every article's HTML costs ~5 KB each; reading a source again costs its parse and sanitize
 * once more (~0.3 ms here). A 10,000-article build keeps it (~50 MB); a 100,000-article one does not
 * (~30 s more CPU, for a coordinator that fits a function at a million articles). A module of its own so
 * `feedwright build` can size its V8 settings by it without loading the publish pipeline at start-up.
 */
export const CONTENT_IN_MEMORY = 20_000;
