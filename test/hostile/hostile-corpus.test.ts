import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../crash/cli-run.js';
import { localTree, type Tree } from '../crash/tree.js';
import { feedparserAvailable, feedparserProblems, feedProblems, itemIds, xmllintAvailable, xmllintProblems } from './independent-checks.js';

const root = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(root, 'test/fixtures/hostile');
const ARTICLE_EXTENSIONS = ['.md', '.txt', '.json', '.html'];
// As root, mode 000 hides nothing: the CLI then runs as `nobody` so unreadable files really are.
const AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function feedwright(args: string[], cwd: string): Promise<Run> {
  const [command, argv] = AS_ROOT
    ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, ...args]]
    : [process.execPath, [CLI, ...args]];
  return new Promise((resolve) => {
    execFile(command, argv as string[], { cwd, timeout: 120_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** Every path under `dir` with what it is (type, size, content hash), without following links or reading unreadable files. */
async function metaTree(dir: string): Promise<Map<string, string>> {
  const meta = new Map<string, string>();
  const walk = async (folder: string, prefix: string) => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      meta.set(`${prefix}(unlistable)`, '');
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      const key = `${prefix}${entry.name}`;
      const stat = await lstat(full);
      if (entry.isDirectory()) {
        meta.set(`${key}/`, 'dir');
        await walk(full, `${key}/`);
      } else if (entry.isFile()) {
        const bytes = await readFile(full).catch(() => null);
        meta.set(key, bytes ? createHash('sha256').update(bytes).digest('hex') : `unreadable ${stat.size}`);
      } else {
        meta.set(key, `mode ${stat.mode.toString(8)}`);
      }
    }
  };
  await walk(dir, '');
  return meta;
}

/** How a rejection may spell a hostile name: as is, JSON-escaped, or with its folder only (an unlistable folder). */
function spellings(name: string): string[] {
  return [name, JSON.stringify(name).slice(1, -1), name.replace(/[\\\n\r]/g, (c) => encodeURIComponent(c))];
}

describe('the hostile corpus builds, and every feed passes independent parsers', () => {
  let work: string;
  let input: string;
  let out: string;
  let state: string;
  let before: Map<string, string>;
  let after: Map<string, string>;
  let runs: Run[];
  let site: Tree;
  /** Source name → the marker word its body carries. */
  const markers = new Map<string, string>();

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'fw-hostile-'));
    input = path.join(work, 'input');
    out = path.join(work, 'public');
    state = path.join(work, 'state');
    const outside = path.join(work, 'outside');
    await cp(FIXTURES, input, { recursive: true });
    for (const name of await readdir(FIXTURES)) {
      const marker = /Marker (hx\w+)|marker (hx\w+)/.exec(await readFile(path.join(FIXTURES, name), 'utf8'));
      if (marker) markers.set(name, marker[1] ?? marker[2] ?? '');
    }
    const article = (marker: string) => `---\ntitle: Article ${marker}\n---\n\nMarker ${marker}. A plain body.\n`;
    const make = async (name: string, marker: string) => {
      await mkdir(path.dirname(path.join(input, name)), { recursive: true });
      await writeFile(path.join(input, name), article(marker));
      markers.set(name, marker);
    };
    await make('back\\slash.md', 'hxbackslash');
    await make('new\nline.md', 'hxnewline');
    await make('real/target.md', 'hxtarget');
    await writeFile(path.join(input, 'Icon\r'), '');
    await writeFile(path.join(input, 'notes\\draft.pdf'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]));
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, 'outside-target.md'), article('hxoutside'));
    await symlink('real/target.md', path.join(input, 'link-inside.md'));
    markers.set('link-inside.md', 'hxtarget');
    await symlink(path.join(outside, 'outside-target.md'), path.join(input, 'link-outside.md'));
    await symlink('loop.md', path.join(input, 'loop.md'));
    await symlink('.', path.join(input, 'loopdir'));
    execFileSync('mkfifo', [path.join(input, 'pipe.md')]);
    await make('unreadable.md', 'hxunreadable');
    await make('locked/inner.md', 'hxlocked');
    await writeFile(
      path.join(work, 'feedwright.config.json'),
      JSON.stringify({
        site: { baseUrl: 'https://news.example/', title: 'Hostile <News> & "Co" ]]>', language: 'en' },
        digests: [{ id: 'daily', schedule: { every: 'day', at: '00:00' }, groupByCategory: true, publishEmpty: true }],
      }),
    );
    if (AS_ROOT) execFileSync('chown', ['-R', '-h', `${NOBODY}:${NOBODY}`, work]);
    await chmod(path.join(input, 'unreadable.md'), 0o000);
    await chmod(path.join(input, 'locked'), 0o000);

    before = await metaTree(work);
    const places = ['--input', input, '--out', out, '--state', state, '--config', path.join(work, 'feedwright.config.json')];
    runs = [];
    runs.push(await feedwright(['build', ...places], work));
    // The issue due now (the last midnight; publishEmpty, so it exists however the corpus is dated). A window
    // still open (the next midnight) is refused: it would be frozen without the rest of its articles.
    runs.push(await feedwright(['digest', 'daily', ...places], work));
    // Again, so the index and OPML list the digest feed.
    runs.push(await feedwright(['build', ...places], work));
    after = await metaTree(work);
    site = await localTree(out);
  }, 300_000);

  afterAll(async () => {
    await chmod(path.join(input, 'locked'), 0o755).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  });

  const said = () => runs.map((r) => `${r.stdout}${r.stderr}`).join('\n');
  const siteText = () => [...site.values()].map((b) => b.toString('utf8')).join('\n');
  const feeds = () => [...site.keys()].filter((k) => /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/.test(k));

  it('every run exits 0 (a bad file is a rejected article, never a failed run)', () => {
    expect(runs.map((r) => r.code), said()).toEqual([0, 0, 0]);
    expect(said()).not.toMatch(/^ {4}at /m);
  });

  it('every article file is either published (its marker is in the output) or named among the rejections', () => {
    const text = siteText();
    const report = said();
    const missing: string[] = [];
    const articleFiles = [...before.keys()]
      .filter((k) => k.startsWith('input/') && !k.endsWith('/'))
      .map((k) => k.slice('input/'.length))
      .filter((name) => ARTICLE_EXTENSIONS.includes(path.extname(name)) && !path.basename(name).startsWith('.') && !name.startsWith('loopdir'));
    expect(articleFiles.length).toBeGreaterThan(30);
    for (const name of [...articleFiles, 'locked/inner.md']) {
      const marker = markers.get(name);
      const published = marker !== undefined && text.includes(marker);
      const rejected = [...spellings(name), ...(name.startsWith('locked/') ? ['locked'] : [])].some((s) => report.includes(s));
      if (!published && !rejected) missing.push(name);
    }
    expect(missing).toEqual([]);
  });

  it('links leading out of the input, loops and FIFOs are rejected by name, never read', () => {
    const report = said();
    for (const name of ['link-outside.md', 'loop.md', 'pipe.md']) expect(report).toContain(name);
    expect(siteText()).not.toContain('hxoutside');
    if (AS_ROOT) {
      expect(report).toContain('unreadable.md');
      expect(siteText()).not.toContain('hxunreadable');
    }
  });

  it('every site, category and digest feed parses with fast-xml-parser (strict), feedsmith and JSON.parse', () => {
    const names = feeds();
    expect(names.filter((n) => n.startsWith('categories/')).length).toBeGreaterThan(6);
    expect(names.filter((n) => n.startsWith('digests/')).length).toBe(3);
    const problems = names.flatMap((n) => feedProblems(n, site.get(n)?.toString('utf8') ?? ''));
    const opml = site.get('feeds.opml')?.toString('utf8') ?? '';
    expect([...problems, ...feedProblems('feeds.opml', opml).filter((p) => !p.includes('feedsmith'))]).toEqual([]);
  });

  it.skipIf(!xmllintAvailable)('every XML feed and the OPML are well-formed for xmllint', () => {
    const files = [...feeds().filter((n) => n.endsWith('.xml')), 'feeds.opml'].map((n) => path.join(out, n));
    expect(xmllintProblems(files)).toEqual([]);
  });

  it.skipIf(!feedparserAvailable)('Python feedparser reads every RSS and Atom feed with bozo 0', () => {
    expect(feeds().length).toBeGreaterThan(10);
    const files = feeds().filter((n) => n.endsWith('.xml')).map((n) => path.join(out, n));
    expect(feedparserProblems(files)).toEqual([]);
  });

  it('no feed lists the same item id twice', () => {
    expect(feeds().length).toBeGreaterThan(10);
    const duplicates = feeds().flatMap((n) => {
      const ids = itemIds(n, site.get(n)?.toString('utf8') ?? '');
      return ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `${n}: ${id}`);
    });
    expect(duplicates).toEqual([]);
  });

  it('publishes no script link, script element or event handler anywhere', () => {
    expect(site.has('feed.xml')).toBe(true);
    const text = siteText();
    expect(text).not.toMatch(/j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i);
    expect(text).not.toMatch(/vbscript:|data:text\/html|data:image\/svg/i);
    // Pages and XML carry markup; a raw script element or handler there runs in a reader or browser.
    // Plain-text issues (.txt) are not markup; in Markdown a backslash-escaped `\<` is literal text (CommonMark §2.4).
    const markup = [...site].filter(([k]) => !k.endsWith('.json') && !k.endsWith('.txt')).map(([, b]) => b.toString('utf8')).join('\n');
    expect(markup).not.toMatch(/(?<!\\)<script|\bon(load|click|error)\s*=/i);
    // In JSON Feed only content_html is markup (summary and titles are plain text a reader escapes).
    const htmlFields = feeds()
      .filter((n) => n.endsWith('.json'))
      .flatMap((n) => (JSON.parse(site.get(n)?.toString('utf8') ?? '{}') as { items?: { content_html?: string }[] }).items ?? [])
      .map((i) => i.content_html ?? '');
    expect(htmlFields.filter((h) => /<script|\bon(load|click|error)\s*=/i.test(h))).toEqual([]);
  });

  it('publishes only valid e-mail addresses', () => {
    expect(site.has('feed.xml')).toBe(true);
    const emails = [...siteText().matchAll(/<email>([^<]*)<\/email>|"email":\s*"([^"]*)"|mailto:([^"'<\s]*)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
    expect(emails.filter((e) => !/^[^\s@<>"&]+@[^\s@<>"&]+\.[^\s@<>"&]+$/.test(e))).toEqual([]);
  });

  it('every xml:lang and language is a BCP 47 tag', () => {
    const tags = [...siteText().matchAll(/(?:xml:lang|lang)="([^"]*)"|<language>([^<]*)<|"language":\s*"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.filter((t) => !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(t))).toEqual([]);
  });

  it('different categories get different pages: 日本 and 東京, C++ and C#', () => {
    const categoryTitles = new Map<string, string>();
    for (const key of site.keys()) {
      const m = /^categories\/([^/]+)\/feed\.json$/.exec(key);
      if (m?.[1]) categoryTitles.set(m[1], (JSON.parse(site.get(key)?.toString('utf8') ?? '{}') as { title?: string }).title ?? '');
    }
    const folderOf = (name: string) => [...categoryTitles].filter(([, title]) => title.includes(name)).map(([folder]) => folder);
    const japan = folderOf('日本');
    const tokyo = folderOf('東京');
    const cpp = folderOf('C++');
    const csharp = folderOf('C#');
    for (const found of [japan, tokyo, cpp, csharp]) expect(found, JSON.stringify([...categoryTitles])).toHaveLength(1);
    expect(japan[0]).not.toBe(tokyo[0]);
    expect(cpp[0]).not.toBe(csharp[0]);
  });

  it('output keys are plain ASCII paths (no .., backslash, control or non-ASCII character)', () => {
    expect(site.size).toBeGreaterThan(10);
    expect([...site.keys()].filter((k) => !/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(k) || k.split('/').includes('..'))).toEqual([]);
  });

  it('titles are capped and summaries stay within a budget whatever the punctuation', () => {
    const feed = JSON.parse(site.get('feed.json')?.toString('utf8') ?? '{}') as { items: { title?: string; summary?: string }[] };
    expect(feed.items.filter((i) => (i.title ?? '').length > 320).map((i) => i.title?.slice(0, 40))).toEqual([]);
    expect(feed.items.filter((i) => (i.summary ?? '').length > 2000).map((i) => i.title)).toEqual([]);
  });

  it('never shifts a year by 1900 and never prints Invalid Date or undefined where a value belongs', () => {
    expect(site.has('feed.xml')).toBe(true);
    const text = siteText();
    expect(text).not.toContain('1901-01-01');
    expect(text).not.toMatch(/<(pubDate|updated|published|id|link|guid)>\s*(undefined|Invalid Date|NaN)?\s*<\//);
    expect(text).not.toMatch(/"(date_published|date_modified|id|url)":\s*"(undefined|Invalid Date|NaN)?"/);
  });

  it('writes nothing outside the output and state folders, and never changes the input', () => {
    expect(site.size).toBeGreaterThan(10);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (k) => !k.startsWith('public/') && !k.startsWith('state/') && before.get(k) !== after.get(k),
    );
    expect(changed).toEqual([]);
  });
});
