/**
 * The source paths an article key may name, the key itself first: a key is its source path, or `path#n` /
 * `path#<id>` for one of several articles in a JSON source, and a path may hold `#` itself (`notes #1.md`),
 * so every part before a `#` is a candidate. Callers keep the one their listing holds.
 */
export function sourceCandidates(key: string): string[] {
  const candidates = [key];
  for (let i = key.indexOf('#'); i > 0; i = key.indexOf('#', i + 1)) candidates.push(key.slice(0, i));
  return candidates;
}
