/**
 * Goes into summary cache keys: bump whenever splitting, scoring or selection changes output. In a module of
 * its own so a run that only checks whether anything changed (the build's quick check) does not load and
 * set up the summarizer to learn its version (~6 ms of a no-change build).
 */
export const SUMMARIZER_VERSION = 'extractive-positional-centrality-10';
