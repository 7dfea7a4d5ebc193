import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { DEBIAN_PYTHON, EXTERNAL_TIMEOUT, XMLLINT } from './consumers.js';

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
  return JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', SCRIPT, file], { encoding: 'utf8', timeout: EXTERNAL_TIMEOUT })) as FeedparserResult;
}

export function xmllint(body: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'fw-xl-'));
  const file = join(dir, 'doc.xml');
  writeFileSync(file, body);
  try {
    execFileSync(XMLLINT, ['--noout', file], { stdio: 'pipe', timeout: EXTERNAL_TIMEOUT });
    return null;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

export interface FeedparserEntry {
  id: string;
  title: string;
  summary: string;
  content: string[];
  tags: string[];
  authors: string[];
}

export interface FeedparserDocument {
  bozo: number;
  bozoException: string;
  version: string;
  feedTitle: string;
  entries: FeedparserEntry[];
}

const MANY_SCRIPT = `
import sys, json, feedparser
out = []
for f in sys.argv[1:]:
    try:
        d = feedparser.parse(f)
        out.append({"bozo": int(d.bozo), "bozoException": str(d.get("bozo_exception", "")), "version": d.version,
          "feedTitle": d.feed.get("title", ""),
          "entries": [{"id": e.get("id", ""), "title": e.get("title", ""), "summary": e.get("summary", ""),
                       "content": [c.get("value", "") for c in e.get("content", [])],
                       "tags": [t.get("term") for t in e.get("tags", [])],
                       "authors": [a.get("name", "") for a in e.get("authors", [])]} for e in d.entries]})
    except Exception as error:
        out.append({"bozo": 2, "bozoException": "feedparser crashed: " + repr(error), "version": "", "feedTitle": "", "entries": []})
print(json.dumps(out))
`;

/** Parses many documents with one Python process (start-up dominates); results in input order. */
export function feedparseMany(bodies: { body: string; suffix: string }[]): FeedparserDocument[] {
  const dir = mkdtempSync(join(tmpdir(), 'fw-fpm-'));
  const files = bodies.map(({ body, suffix }, i) => {
    const file = join(dir, `doc-${i}${suffix}`);
    writeFileSync(file, body);
    return file;
  });
  return JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', MANY_SCRIPT, ...files], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: EXTERNAL_TIMEOUT })) as FeedparserDocument[];
}

/** xmllint over many documents at once: the problems it reports, by document index (empty when all are well-formed). */
export function xmllintMany(bodies: string[]): Map<number, string> {
  const dir = mkdtempSync(join(tmpdir(), 'fw-xlm-'));
  const files = bodies.map((body, i) => {
    const file = join(dir, `doc-${i}.xml`);
    writeFileSync(file, body);
    return file;
  });
  const problems = new Map<number, string>();
  try {
    execFileSync(XMLLINT, ['--noout', ...files], { stdio: 'pipe', maxBuffer: 1 << 30, timeout: EXTERNAL_TIMEOUT });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? error);
    files.forEach((file, i) => {
      if (stderr.includes(`${file}:`)) problems.set(i, stderr.split('\n').filter((l) => l.startsWith(`${file}:`)).join('\n'));
    });
    if (problems.size === 0) problems.set(-1, stderr);
  }
  return problems;
}

const BASIC_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the references an HTML serializer uses for text (the five named ones and numeric ones). */
export function decodeHtmlText(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
    return BASIC_ENTITIES[ref.toLowerCase()] ?? `&${ref};`;
  });
}
