// Renders a digest e-mail the way a mail client would get it (composed MIME, parsed back) in headless
// Chromium and writes screenshots to a temporary folder, never into the repo:
//   npx tsx bench/email-screenshot.ts [articles]
// Needs Debian's `chromium` (apt-get install -y chromium). It checks that each screenshot is a PNG of the
// requested width and prints where it is, for eyeballing.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { parseConfig } from '../src/config/config.js';
import { buildIssue, windowAt } from '../src/digest/index.js';
import { composeMime } from '../src/email/index.js';
import { issueMessage, planIssueLayout, resolveMailSettings } from '../src/mailing/index.js';
import { subscriberId } from '../src/subscribers/index.js';

const run = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const count = Number(process.argv[2] ?? '40');

const config = parseConfig({
  site: { title: 'Example News', baseUrl: 'https://news.example/' },
  email: { from: 'Example News <digest@news.example>', baseUrl: 'https://mail.news.example/', secret: 'bench-secret-bench-secret-bench-secret-0000' },
});
const daily = config.digests[0]!;
const now = new Date('2026-11-30T07:00:00Z');
const issue = buildIssue({
  config,
  digest: daily,
  window: windowAt(daily, now),
  items: Array.from({ length: count }, (_, i) => ({
    id: `a${i}`,
    title: `Article ${i}: what changed in the release & why it matters`,
    url: `https://news.example/articles/a${i}.html`,
    summary: 'A summary of the article in a few sentences, long enough to wrap over two or three lines in a narrow mail client window.',
    contentHtml: '<p>body</p>',
    published: new Date(now.getTime() - (i + 1) * 3600_000).toISOString(),
    updated: new Date(now.getTime() - (i + 1) * 3600_000).toISOString(),
    authors: [],
    categories: i % 3 === 0 ? ['Releases'] : [],
  })),
});
if (!issue) throw new Error('no issue');
const settings = resolveMailSettings(config, 'daily');
const { layout, bytes } = await planIssueLayout(settings, issue);
const raw = await composeMime(issueMessage(settings, issue, layout, { address: 'ann@example.org', id: subscriberId('ann@example.org') }));
const mail = await simpleParser(raw);
const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-email-shot-'));
const htmlFile = path.join(dir, 'email.html');
await writeFile(htmlFile, String(mail.html));
await writeFile(path.join(dir, 'email.eml'), raw);
console.log(`${count} articles: ${raw.length} bytes (planned ${bytes}); ${layout.full} in full, ${layout.linked} as links`);

for (const width of [375, 1024]) {
  const png = path.join(dir, `email-${width}.png`);
  await run(CHROMIUM, [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--hide-scrollbars',
    `--window-size=${width},2000`,
    `--screenshot=${png}`,
    `file://${htmlFile}`,
  ], { timeout: 60_000 });
  const bytesPng = await readFile(png);
  // PNG signature, then the IHDR chunk: width is the big-endian uint32 at byte 16.
  if (bytesPng.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`${png}: not a PNG`);
  const shotWidth = bytesPng.readUInt32BE(16);
  if (shotWidth !== width) throw new Error(`${png}: width ${shotWidth}, expected ${width}`);
  console.log(`${png}: ${shotWidth}×${bytesPng.readUInt32BE(20)}, ${bytesPng.length} bytes`);
}
