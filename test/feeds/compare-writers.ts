/**
 * The experiment behind the choice of feed writer (README, "Feed writer"): every hostile string in every
 * text field of an item, written by each candidate, parsed back by independent parsers. Each writer gets
 * the text already cleaned by the model (characters XML cannot carry removed, one-line fields collapsed),
 * so what is measured is the writer itself. Run: `npx tsx test/feeds/compare-writers.ts [-v]`.
 * Needs /usr/bin/xmllint and Debian's python3-feedparser for their columns.
 */
import { execFileSync } from 'node:child_process';
import { DEBIAN_PYTHON, EXTERNAL_TIMEOUT, XMLLINT } from '../support/consumers.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Feed } from 'feed';
import { generateAtomFeed, generateRssFeed, parseFeed } from 'feedsmith';
import Parser from 'rss-parser';
import { escapeHtml, renderFeeds } from '../../src/feeds/index.js';
import { makeChannel, makeItem } from '../support/make-feed-item.js';
import { expectedBlock, expectedLine, HOSTILE_STRINGS } from './hostile-strings.js';

type Written = { rss: string; atom: string };

// Bodies reach the feeds as sanitized HTML; a summary is plain text that RSS carries as HTML.
function cleaned(raw: string): { line: string; block: string; html: string } {
  const block = expectedBlock(raw);
  return { line: expectedLine(raw), block, html: `<p>${escapeHtml(block)}</p>` };
}
const when = new Date('2026-03-01T09:30:00Z');
const home = 'https://news.example/';

const writers: Record<string, (raw: string) => Written> = {
  'feed 6.0.0': (raw) => {
    const { line, block, html } = cleaned(raw);
    const f = new Feed({ id: home, title: line, description: escapeHtml(block), link: home, updated: when, copyright: '', feedLinks: { rss: `${home}feed.xml`, atom: `${home}atom.xml` }, author: { name: line } });
    f.addItem({ title: line, id: `tag:news.example,2026:${line}`, link: `${home}a`, description: escapeHtml(block), content: html, date: when, published: when, category: [{ term: line, name: line }], author: [{ name: line }] });
    return { rss: f.rss2(), atom: f.atom1() };
  },
  'feedsmith 3.0.1': (raw) => {
    const { line, block, html } = cleaned(raw);
    const id = `tag:news.example,2026:${line}`;
    return {
      rss: generateRssFeed({ title: line, link: home, description: escapeHtml(block), items: [{ title: line, link: `${home}a`, description: escapeHtml(block), content: { encoded: html }, guid: { value: id, isPermaLink: false }, pubDate: when, categories: [{ name: line }], dc: { creators: [line] } }] }),
      atom: generateAtomFeed({
        id: home, title: { value: line, type: 'text' }, updated: when, authors: [{ name: line }],
        entries: [{ id, title: { value: line, type: 'text' }, updated: when, summary: { value: block, type: 'text' }, content: { value: html, type: 'html' }, categories: [{ term: line, label: line }] }],
      }),
    };
  },
  'hand-written (src/markup)': (raw) => {
    const { rss, atom } = renderFeeds(makeChannel({ title: raw, description: raw, authors: [{ name: raw }] }), [
      makeItem({ id: `tag:news.example,2026:${raw}`, title: raw, summary: raw, contentHtml: cleaned(raw).html, categories: [raw], authors: [{ name: raw }] }),
    ]);
    return { rss, atom };
  },
};

const dir = mkdtempSync(join(tmpdir(), 'fw-cmp-'));
const rows: Record<string, Record<string, number>> = {};
const fails: string[] = [];
const tally = (writer: string, check: string, ok: boolean, what: string) => {
  const row = (rows[writer] ??= {});
  row[check] = (row[check] ?? 0) + (ok ? 0 : 1);
  if (!ok) fails.push(`${writer} | ${check} | ${what}`);
};

// A parser that keeps whitespace and reads CDATA as text: shows exactly what the XML carries.
const exact = new XMLParser({ ignoreAttributes: false, trimValues: false, parseTagValue: false, cdataPropName: false as unknown as string, processEntities: true, htmlEntities: false });
function exactFirstTitle(xml: string, format: string): unknown {
  const doc = exact.parse(xml) as Record<string, any>;
  const entry = format === 'rss' ? doc.rss?.channel?.item : doc.feed?.entry;
  const title = (Array.isArray(entry) ? entry[0] : entry)?.title;
  return typeof title === 'object' && title !== null ? title['#text'] : title;
}

const files: { file: string; writer: string; name: string; format: string }[] = [];
const rssParser = new Parser();
for (const [writer, write] of Object.entries(writers)) {
  for (const [name, raw] of Object.entries(HOSTILE_STRINGS)) {
    let out: Written;
    try {
      out = write(raw);
    } catch (e) {
      tally(writer, 'throws', false, `${name}: ${(e as Error).message.slice(0, 80)}`);
      continue;
    }
    const title = expectedLine(raw);
    for (const [format, xml] of Object.entries(out) as [string, string][]) {
      const what = `${name}/${format}`;
      tally(writer, 'fast-xml-parser valid', XMLValidator.validate(xml) === true, what);
      let exactTitle: unknown;
      try {
        exactTitle = exactFirstTitle(xml, format);
      } catch {
        exactTitle = undefined;
      }
      tally(writer, 'title exact (fast-xml-parser)', exactTitle === title, `${what} got ${JSON.stringify(String(exactTitle).slice(0, 60))}`);
      let smithTitle: unknown;
      try {
        const feed = parseFeed(xml).feed as { items?: { title?: string }[]; entries?: { title?: string | { value?: string } }[] };
        const t = feed.items?.[0]?.title ?? feed.entries?.[0]?.title;
        smithTitle = typeof t === 'object' ? t.value : t;
      } catch {
        smithTitle = 'PARSE ERROR';
      }
      tally(writer, 'title (feedsmith parser)', smithTitle === title, `${what} got ${JSON.stringify(String(smithTitle).slice(0, 60))}`);
      if (format === 'rss') {
        let rpTitle: unknown;
        try {
          rpTitle = (await rssParser.parseString(xml)).items[0]?.title;
        } catch {
          rpTitle = 'PARSE ERROR';
        }
        tally(writer, 'title (rss-parser)', rpTitle === title, `${what} got ${JSON.stringify(String(rpTitle).slice(0, 60))}`);
      }
      const file = join(dir, `${Object.keys(writers).indexOf(writer)}-${name}-${format}.xml`);
      writeFileSync(file, xml);
      files.push({ file, writer, name, format });
    }
  }
}

const py = `
import sys, json, feedparser
out = {}
for f in sys.argv[1:]:
    try:
        d = feedparser.parse(f)
        out[f] = {"bozo": int(d.bozo), "title": d.entries[0].get("title") if d.entries else None, "exc": str(d.get("bozo_exception", ""))[:80]}
    except Exception as e:
        out[f] = {"bozo": 2, "title": None, "exc": "crashed: " + repr(e)[:80]}
print(json.dumps(out))
`;
const fp = JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', py, ...files.map((f) => f.file)], { encoding: 'utf8', maxBuffer: 1e9, timeout: EXTERNAL_TIMEOUT })) as Record<string, { bozo: number; title: string | null; exc: string }>;
for (const { file, writer, name, format } of files) {
  const r = fp[file]!;
  const what = `${name}/${format}`;
  tally(writer, 'feedparser bozo=0', r.bozo === 0, `${what} ${r.exc}`);
  tally(writer, 'title (feedparser)', r.title === expectedLine(HOSTILE_STRINGS[name]!), `${what} got ${JSON.stringify(r.title?.slice(0, 60))}`);
  let lint = true;
  try {
    execFileSync(XMLLINT, ['--noout', file], { stdio: 'pipe', timeout: EXTERNAL_TIMEOUT });
  } catch {
    lint = false;
  }
  tally(writer, 'xmllint', lint, what);
}

console.log(`${Object.keys(HOSTILE_STRINGS).length} hostile strings in every field, RSS + Atom; failures per check (0 = all good):`);
console.table(rows);
if (process.argv.includes('-v')) console.log(fails.join('\n'));
