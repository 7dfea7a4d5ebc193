import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

interface Installed {
  /** The package as npm would unpack it: only what `files` lets into the tarball. */
  bin: string;
  work: string;
}

/**
 * `npm pack`, then unpack the tarball as an install would. The
 * dependencies come from this clone's node_modules through a symlink, so the test needs no registry;
 * whether the tarball carries everything it needs besides them is what is checked. `--ignore-scripts`:
 * `npm test` has just built dist/, and rebuilding it here would race other test files running it (that
 * packing builds it is checked on the manifest).
 */
async function installTarball(): Promise<Installed> {
  const work = await mkdtemp(join(tmpdir(), 'fw-tarball-'));
  const { stdout } = await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], { cwd: root, maxBuffer: 10_000_000 });
  const tarball = join(work, stdout.trim().split('\n').pop() as string);
  const pkg = join(work, 'pkg');
  await mkdir(pkg);
  await run('tar', ['-xzf', tarball, '-C', pkg, '--strip-components=1']);
  await symlink(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  const manifest = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')) as { bin: Record<string, string>; private?: boolean; scripts: Record<string, string> };
  expect(manifest.private).toBeUndefined();
  expect(manifest.scripts.prepack).toMatch(/scripts\/build\.mjs/);
  return { bin: join(pkg, manifest.bin.feedwright as string), work };
}

function cli(installed: Installed, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [installed.bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Every link a page, feed or OPML list carries, resolved against the document's own URL. */
function linksIn(body: string, base: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\s(?:href|src|xmlUrl|htmlUrl)="([^"]+)"/g,
    /<link>([^<]+)<\/link>/g,
    /<loc>([^<]+)<\/loc>/g,
    /"(?:url|home_page_url|feed_url|external_url)":\s*"([^"]+)"/g,
  ];
  for (const pattern of patterns) for (const match of body.matchAll(pattern)) found.push(match[1] as string);
  return found.map((link) => new URL(link.replace(/&amp;/g, '&'), base).href);
}

async function startServe(installed: Installed, cwd: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [installed.bin, 'serve', '--port', '0'], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  const url = await new Promise<string>((found, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match) found(match[1] as string);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => fail(new Error(`serve exited ${code}: ${out}`)));
  });
  return { child, url };
}

describe('the packed tarball, from a temporary folder', () => {
  let installed: Installed;
  let site: string;
  beforeAll(async () => {
    installed = await installTarball();
    site = join(installed.work, 'my-site');
  }, 120_000);

  it('prints its version, inits a starter site that builds at once', async () => {
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    expect((await cli(installed, ['--version'], installed.work)).stdout.trim()).toBe(manifest.version);
    const init = await cli(installed, ['init', 'my-site'], installed.work);
    expect(init.code, init.stderr).toBe(0);
    expect((await readdir(join(site, 'articles'))).sort()).toEqual(['welcome.md', 'writing-articles.md']);
    expect(await readFile(join(site, '.gitignore'), 'utf8')).toMatch(/^\/\.feedwright-state\/$/m);
    expect(await readFile(join(site, 'feedwright.config.yaml'), 'utf8')).toMatch(/^#/);
    const again = await cli(installed, ['init', 'my-site'], installed.work);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);

    const build = await cli(installed, ['build', '--json'], site);
    expect(build.code, build.stderr).toBe(0);
    const report = JSON.parse(build.stdout) as { publish: { articles: number; rejected: unknown[]; written: string[] } };
    expect(report.publish.articles).toBe(2);
    expect(report.publish.rejected).toEqual([]);
    expect(report.publish.written).toContain('feed.xml');
    // The source worker ships beside cli.js (without it a large build quietly stays on one thread).
    expect((await readdir(join(installed.bin, '..'))).sort()).toEqual(expect.arrayContaining(['chunks', 'cli.js', 'source-worker.js']));
  }, 60_000);

  describe('serve', () => {
    let server: { child: ChildProcess; url: string } | undefined;
    afterAll(() => {
      server?.child.kill('SIGINT');
    });

    it('serves every page and feed with its content type, and every link resolves locally', async () => {
      server = await startServe(installed, site);
      const { url } = server;
      const seen = new Map<string, number>();
      const queue = [url];
      const contentTypes = new Map<string, string>();
      while (queue.length > 0) {
        const next = queue.shift() as string;
        if (seen.has(next)) continue;
        const response = await fetch(next);
        seen.set(next, response.status);
        if (response.status !== 200) continue;
        contentTypes.set(new URL(next).pathname, response.headers.get('content-type') ?? '');
        const body = await response.text();
        // The feed stylesheet is a program, not a document: its `{…}` attribute templates are filled in by
        // the browser from each feed, whose own links are crawled.
        if (new URL(next).pathname.endsWith('.xsl')) continue;
        for (const link of linksIn(body, next)) {
          // The configured public address must never leak into a preview.
          expect(link, `${link} in ${next}`).not.toMatch(/^https:\/\/example\.org\//);
          const target = new URL(link);
          target.hash = '';
          if (target.origin === new URL(url).origin && !seen.has(target.href)) queue.push(target.href);
        }
      }
      expect(seen.size).toBeGreaterThan(12);
      const broken = [...seen].filter(([, status]) => status !== 200);
      expect(broken).toEqual([]);
      // Both articles, a category page, the three site feeds and the OPML list were reached by links.
      expect(contentTypes.get('/feed.xml')).toBe('application/rss+xml; charset=utf-8');
      expect(contentTypes.get('/atom.xml')).toBe('application/atom+xml; charset=utf-8');
      expect(contentTypes.get('/feed.json')).toBe('application/feed+json; charset=utf-8');
      expect(contentTypes.get('/feeds.opml')).toBe('text/x-opml; charset=utf-8');
      expect(contentTypes.get('/articles/welcome-to-your-new-site.html')).toBe('text/html; charset=utf-8');
      expect([...contentTypes.keys()].filter((p) => p.startsWith('/categories/')).length).toBeGreaterThan(0);
    }, 60_000);

    it('rebuilds on a new article and tells open pages to reload; built files carry no reload script', async () => {
      const { url } = server ?? { url: '' };
      const page = await (await fetch(url)).text();
      expect(page).toContain('/__feedwright/events');
      const events = await fetch(`${url}__feedwright/events`);
      const reader = (events.body as ReadableStream<Uint8Array>).getReader();
      await writeFile(join(site, 'articles', 'third.md'), '---\ntitle: A third article\ndate: 2026-02-01T00:00:00Z\n---\n\nIt arrived while serving. It shows up.\n');
      let text = '';
      while (!text.includes('data: reload')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      await reader.cancel();
      expect(text).toContain('data: reload');
      const article = await fetch(`${url}articles/a-third-article.html`);
      expect(article.status).toBe(200);
      expect(await (await fetch(`${url}feed.xml`)).text()).toContain('A third article');
      // Editing the config rebuilds too (the title is on every page).
      const configPath = join(site, 'feedwright.config.yaml');
      await writeFile(configPath, (await readFile(configPath, 'utf8')).replace('title: My Site', 'title: Renamed Site'));
      const deadline = Date.now() + 20_000;
      let index = '';
      while (!index.includes('Renamed Site') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        index = await (await fetch(url)).text();
      }
      expect(index).toContain('<title>Renamed Site</title>');
      // The build in the site folder (made before) never got the script; serve wrote elsewhere.
      expect(await readFile(join(site, 'public', 'index.html'), 'utf8')).not.toContain('__feedwright');
    }, 60_000);
  });
});
