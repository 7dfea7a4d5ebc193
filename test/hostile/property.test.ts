import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/index.js';
import { feedparserAvailable, feedparserProblems, xmllintAvailable, xmllintProblems } from './independent-checks.js';

const config = parseConfig({ site: { baseUrl: 'https://news.example/' }, digests: [] });
const clock = fixedClock('2026-03-06T00:00:00Z');
const decoder = new TextDecoder();

// Code units no well-behaved generator emits: lone surrogates, C0/C1 controls, XML's forbidden
// non-characters, line separators, and the strings every escaper has to get right.
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const control = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })).map((c) => String.fromCharCode(c));
const nasty = fc.constantFrom(
  ']]>', '<', '>', '&', '"', "'", '&amp;', '&#0;', '<![CDATA[', '\u2028', '\u2029', '\ufffe', '\uffff', '\u202e',
  'javascript:', 'undefined', 'Invalid Date', 'NaN', '..', '/', '\\', '\r\n', '#', '---', '`', '<script>', '日本', '東京', '🚀',
);
const hostileUnit = fc.oneof(loneSurrogate, control, nasty, fc.string({ unit: 'grapheme', maxLength: 1, minLength: 1 }));
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: hostileUnit, maxLength: 20 }),
);

const articleArb = fc.record(
  {
    title: text,
    summary: text,
    author: fc.record({ name: text, email: text, url: text }, { requiredKeys: ['name'] }),
    categories: fc.array(text, { maxLength: 4 }),
    id: text,
    url: text,
    image: text,
    body: text,
    bodyField: fc.constantFrom('content', 'content_html', 'content_text'),
  },
  { requiredKeys: ['body', 'bodyField'] },
);

const steady = '---\ntitle: A steady article\ncategories: [steady]\n---\n\nThis one is always fine. It has two sentences.\n';

let saved: string;
let savedCount = 0;
beforeAll(async () => {
  saved = await mkdtemp(path.join(tmpdir(), 'fw-property-'));
});
afterAll(async () => rm(saved, { recursive: true, force: true }));

describe('arbitrary Unicode in every article field', () => {
  it('never fails a run, never breaks a feed, and publishes or rejects the article by name', async () => {
    await fc.assert(
      fc.asyncProperty(articleArb, async (a) => {
        const { bodyField, body, ...fields } = a;
        const source = JSON.stringify({ ...fields, [bodyField]: `${body} Padding so there is a body.` });
        const input = createMemoryStore({ 'hostile.json': source, 'steady.md': steady });
        const output = createMemoryStore();
        const report = await publishSite({ config, input, output, state: createMemoryStore(), clock, log: silentLogger });

        const rejected = report.rejected.map((r) => r.path);
        expect(rejected).not.toContain('steady.md');
        expect(report.articles + rejected.length).toBe(2);

        for (const [key, object] of output.objects) {
          const body = decoder.decode(object.body);
          if (/\.(xml|opml)$/.test(key)) {
            const valid = XMLValidator.validate(body);
            expect(valid, `${key}: ${valid === true ? '' : valid.err.msg}`).toBe(true);
            // The strict validator accepts a raw `<` in an attribute value; XML 1.0 does not.
            expect(body, key).not.toMatch(/="[^"]*</);
            expect(body, key).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
          }
          if (key.endsWith('.json')) expect(() => JSON.parse(body), key).not.toThrow();
          // Text may say "javascript:"; a link may not.
          expect(body, key).not.toMatch(/(?:href|src)\s*=\s*["']?\s*j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:|<(?:uri|link)>\s*javascript:|"(?:url|external_url|image|avatar)"\s*:\s*"\s*javascript:/i);
        }
        // Kept for the slower consumers below, run once over every example.
        for (const key of ['feed.xml', 'atom.xml']) {
          const object = output.objects.get(key);
          if (!object) continue;
          const dir = path.join(saved, String(savedCount + 1));
          await mkdir(dir, { recursive: true });
          await writeFile(path.join(dir, key), object.body);
        }
        savedCount += 1;
      }),
      { numRuns: 100 },
    );
    expect(savedCount).toBe(100);
  }, 180_000);

  const savedFeeds = () =>
    Array.from({ length: savedCount }, (_, i) => i + 1)
      .flatMap((n) => ['feed.xml', 'atom.xml'].map((f) => path.join(saved, String(n), f)))
      .filter((f) => existsSync(f));

  it.skipIf(!xmllintAvailable)('every site feed of every example is well-formed for xmllint', async () => {
    // Meaningful only once every example went through (the property above completed).
    expect(savedCount).toBe(100);
    const files = savedFeeds();
    expect(files.length).toBeGreaterThan(100);
    expect(xmllintProblems(files)).toEqual([]);
  });

  it.skipIf(!feedparserAvailable)('Python feedparser reads every site feed of every example with bozo 0', async () => {
    // Meaningful only once every example went through (the property above completed).
    expect(savedCount).toBe(100);
    const files = savedFeeds();
    expect(files.length).toBeGreaterThan(100);
    expect(feedparserProblems(files).slice(0, 5)).toEqual([]);
  });
});
