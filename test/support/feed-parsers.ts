import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { DEBIAN_PYTHON, XMLLINT } from './consumers.js';

/** Strict XML 1.0 well-formedness, by a parser independent of the one that wrote the feed. */
export function xmlProblem(xml: string): string | null {
  const result = XMLValidator.validate(xml);
  return result === true ? null : `${result.err.code} at line ${result.err.line}: ${result.err.msg}`;
}

export interface FeedparserResult {
  bozo: number;
  bozoException: string;
  version: string;
  entries: { id: string; title: string; link: string; published: string | null; author: string | null; tags: string[] }[];
  feedTitle: string;
  language: string | null;
}

const SCRIPT = `
import sys, json, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "bozo": int(d.bozo), "bozoException": str(d.get("bozo_exception", "")), "version": d.version,
  "feedTitle": d.feed.get("title", ""), "language": d.feed.get("language"),
  "entries": [{"id": e.get("id", ""), "title": e.get("title", ""), "link": e.get("link", ""),
               "published": e.get("published"), "author": e.get("author"),
               "tags": [t.get("term") for t in e.get("tags", [])]} for e in d.entries]}))
`;

export function feedparse(body: string, suffix = '.xml'): FeedparserResult {
  const dir = mkdtempSync(join(tmpdir(), 'fw-fp-'));
  const file = join(dir, `feed${suffix}`);
  writeFileSync(file, body);
  return JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', SCRIPT, file], { encoding: 'utf8' })) as FeedparserResult;
}

export function xmllint(body: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'fw-xl-'));
  const file = join(dir, 'doc.xml');
  writeFileSync(file, body);
  try {
    execFileSync(XMLLINT, ['--noout', file], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}
