import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { issueDigest } from '../../src/digest/index.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createLocalStore } from '../../src/storage/index.js';
import { describeWithConsumers, EXTERNAL_TIMEOUT, NEWSBOAT } from '../support/consumers.js';
import { feedparse, xmllint } from '../support/feed-parsers.js';

// newsboat (Debian package, installed by .ci/run) is a real feed reader: it must load every RSS and
// Atom feed we write with no error in its log. Its exit code is always 0, so the log is what counts.
const seeds = resolve(import.meta.dirname, '../../seeds');

function unreadIn(feedFile: string): { unread: number; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fw-newsboat-'));
  writeFileSync(join(dir, 'urls'), `file://${feedFile}\n`);
  const out = execFileSync(NEWSBOAT, ['-u', 'urls', '-c', 'cache.db', '-x', 'reload', 'print-unread', '-l', '4', '-d', 'log'], {
    cwd: dir,
    env: { ...process.env, HOME: dir },
    input: '',
    encoding: 'utf8',
    timeout: EXTERNAL_TIMEOUT,
  });
  const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
  return { unread: Number(/(\d+) unread articles/.exec(out)?.[1] ?? Number.NaN), log };
}

/** The seeds published as `npm start` does, plus a backfilled weekly digest. */
async function buildSeedSite(): Promise<{ out: string; articles: number; issues: number }> {
  const out = mkdtempSync(join(tmpdir(), 'fw-readers-site-'));
  const config = parseConfig({});
  const state = createLocalStore(mkdtempSync(join(tmpdir(), 'fw-readers-state-')));
  const deps = { config, input: createLocalStore(seeds), output: createLocalStore(out), state, clock: fixedClock('2026-11-27T12:00:00Z'), log: silentLogger };
  const report = await publishSite(deps);
  await issueDigest(deps, { digestId: 'weekly', since: new Date('2026-01-01T00:00:00Z'), at: new Date('2026-05-01T00:00:00Z') });
  const issues = (readFileSync(join(out, 'digests/weekly/index.html'), 'utf8').match(/\d{4}-\d{2}-\d{2}\.html/g) ?? []).length;
  return { out, articles: report.articles, issues };
}

describeWithConsumers('published seed feeds in Python feedparser and xmllint', ['feedparser', 'xmllint'], () => {
  it('parses every site, category and digest feed with bozo 0 and every entry', async () => {
    const { out, articles, issues } = await buildSeedSite();
    expect(issues).toBeGreaterThan(1);
    for (const [key, expected] of [
      ['feed.xml', articles],
      ['atom.xml', articles],
      ['categories/technology/atom.xml', Number.NaN],
      ['digests/weekly/feed.xml', issues],
      ['digests/weekly/atom.xml', issues],
    ] as const) {
      const body = readFileSync(join(out, key), 'utf8');
      const d = feedparse(body);
      expect(d.bozo, `${key}: ${d.bozoException}`).toBe(0);
      if (Number.isNaN(expected)) expect(d.entries.length, key).toBeGreaterThan(0);
      else expect(d.entries, key).toHaveLength(expected);
      expect(xmllint(body), key).toBeNull();
    }
    expect(xmllint(readFileSync(join(out, 'feeds.opml'), 'utf8'))).toBeNull();
  });
});

describeWithConsumers('feeds in newsboat', ['newsboat'], () => {
  it('loads the site, category and digest feeds with every entry and no error', async () => {
    const { out, articles, issues } = await buildSeedSite();
    expect(issues).toBeGreaterThan(1);
    const checks: [string, number][] = [
      ['feed.xml', articles],
      ['atom.xml', articles],
      ['categories/science/feed.xml', Number.NaN],
      ['digests/weekly/feed.xml', issues],
      ['digests/weekly/atom.xml', issues],
    ];
    for (const [key, expected] of checks) {
      const { unread, log } = unreadIn(join(out, key));
      expect(log, key).not.toMatch(/\b(ERROR|error|exception)\b/);
      if (Number.isNaN(expected)) expect(unread, key).toBeGreaterThan(0);
      else expect(unread, key).toBe(expected);
    }
  });
});
