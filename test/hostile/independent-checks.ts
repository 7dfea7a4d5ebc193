import { execFileSync } from 'node:child_process';
import { DEBIAN_PYTHON, EXTERNAL_TIMEOUT, XMLLINT } from '../support/consumers.js';
import { existsSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';


/** Problems with one feed as independent consumers see it; `[]` when every one of them accepts it. */
export function feedProblems(name: string, body: string): string[] {
  const problems: string[] = [];
  if (name.endsWith('.json')) {
    try {
      const parsed = JSON.parse(body) as { version?: string };
      if (parsed.version !== 'https://jsonfeed.org/version/1.1') problems.push(`${name}: version ${String(parsed.version)}`);
    } catch (error) {
      problems.push(`${name}: JSON.parse: ${String(error)}`);
    }
  } else {
    const valid = XMLValidator.validate(body);
    if (valid !== true) problems.push(`${name}: fast-xml-parser: ${valid.err.msg} (line ${valid.err.line})`);
  }
  try {
    parseFeed(body);
  } catch (error) {
    problems.push(`${name}: feedsmith: ${String(error)}`);
  }
  return problems;
}

/** Item ids in the order the feed lists them (RSS guid, Atom id, JSON Feed id). */
export function itemIds(name: string, body: string): string[] {
  if (name.endsWith('.json')) return ((JSON.parse(body) as { items?: { id: string }[] }).items ?? []).map((i) => i.id);
  const doc = new XMLParser({ ignoreAttributes: true, isArray: (tag) => tag === 'item' || tag === 'entry' }).parse(body) as {
    rss?: { channel?: { item?: { guid?: unknown }[] } };
    feed?: { entry?: { id?: unknown }[] };
  };
  const text = (v: unknown) => (typeof v === 'object' && v !== null && '#text' in v ? String((v as { '#text': unknown })['#text']) : String(v));
  if (doc.rss) return (doc.rss.channel?.item ?? []).map((i) => text(i.guid));
  return (doc.feed?.entry ?? []).map((e) => text(e.id));
}

export const feedparserAvailable = existsSync(DEBIAN_PYTHON) && (() => {
  try {
    execFileSync(DEBIAN_PYTHON, ['-c', 'import feedparser'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
export const xmllintAvailable = existsSync(XMLLINT);

const FEEDPARSER_BATCH = `
import sys, json, feedparser
out = {}
for f in sys.argv[1:]:
    d = feedparser.parse(f)
    out[f] = [int(d.bozo), str(d.get("bozo_exception", "")), len(d.entries)]
print(json.dumps(out))
`;

/** Python feedparser over many files in one process: `bozo` must be 0 for each. */
export function feedparserProblems(files: string[]): string[] {
  if (files.length === 0) return [];
  const result = JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', FEEDPARSER_BATCH, ...files], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: EXTERNAL_TIMEOUT })) as Record<string, [number, string, number]>;
  return Object.entries(result).filter(([, [bozo]]) => bozo !== 0).map(([file, [, why]]) => `${file}: feedparser bozo: ${why}`);
}

/** `xmllint --noout` over many files; its stderr names each file that is not well-formed. */
export function xmllintProblems(files: string[]): string[] {
  if (files.length === 0) return [];
  try {
    execFileSync(XMLLINT, ['--noout', ...files], { stdio: 'pipe', timeout: EXTERNAL_TIMEOUT });
    return [];
  } catch (error) {
    return [String((error as { stderr?: Buffer }).stderr ?? error).slice(0, 4000)];
  }
}
