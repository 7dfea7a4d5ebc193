import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, eventually, initProject, type RunningPreview, servedArticle, servedPage, startServe } from './serve-process.js';

let preview: RunningPreview | undefined;
afterEach(async () => {
  preview?.child.kill('SIGTERM');
  await preview?.exited;
  preview = undefined;
});

const article = servedArticle;
const page = servedPage;
const project = () => initProject('out');

/** One stderr line naming serve and the refusal, exit 2, nothing on stdout. */
function expectRefused(result: { code: number; stdout: string; stderr: string }, reason: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^feedwright serve: refusing to preview into \S+: /);
  expect(result.stderr).toMatch(reason);
}

describe('serve follows the input, whatever it removes', () => {
  // The mass-delete guard refused the rebuild and suggested --allow-mass-delete, a flag serve does not take.
  it('shows a new article after every earlier one was deleted', async () => {
    const dir = await project();
    preview = await startServe(['-q'], dir);
    const url = preview.url;
    expect(await page(url)).toContain('Welcome to your new site');
    await rm(join(dir, 'articles/welcome.md'));
    await rm(join(dir, 'articles/writing-articles.md'));
    await writeFile(join(dir, 'articles/first.md'), article('First post'));
    await eventually(async () => (await page(url)).includes('First post'));
    expect(await page(url)).not.toContain('Welcome to your new site');
    expect(await page(url, 'articles/welcome-to-your-new-site.html')).toBe('');
    expect(preview.stderr()).toBe('');
  }, 20_000);

  it('follows `input:` changed in the config, and edits in the new folder', async () => {
    const dir = await project();
    await mkdir(join(dir, 'drafts'));
    await writeFile(join(dir, 'drafts/draft.md'), article('A draft'));
    preview = await startServe(['-q'], dir);
    const url = preview.url;
    const config = join(dir, 'feedwright.config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace(/^input: articles /m, 'input: drafts   '));
    await eventually(async () => (await page(url)).includes('A draft'));
    expect(await page(url)).not.toContain('Welcome to your new site');
    await writeFile(join(dir, 'drafts/second.md'), article('Second draft'));
    await eventually(async () => (await page(url)).includes('Second draft'));
    expect(preview.stderr()).toBe('');
  }, 20_000);
});

describe('serve --out', () => {
  // `serve --out realpub` rewrote a published site with http://127.0.0.1 links, which stayed after it stopped.
  it('refuses a published site, and leaves it as it was', async () => {
    const dir = await project();
    expect((await cli(['build', '--out', 'realpub', '-q'], dir)).code).toBe(0);
    const before = await readFile(join(dir, 'realpub/index.html'), 'utf8');
    const publishedState = /the state beside it \(\S+realpub\) records a site Feedwright published there/;
    expectRefused(await cli(['serve', '--out', 'realpub', '--port', '0'], dir, 5000), publishedState);
    expect(await readFile(join(dir, 'realpub/index.html'), 'utf8')).toBe(before);
    expect(before).not.toContain('127.0.0.1');
    // Its pages removed, the folder is still the published site's (its state says so).
    await rename(join(dir, 'realpub'), join(dir, 'realpub-copy'));
    await mkdir(join(dir, 'realpub'));
    expectRefused(await cli(['serve', '--out', 'realpub', '--port', '0'], dir, 5000), publishedState);
    expect(await readdir(join(dir, 'realpub'))).toEqual([]);
    // A published site whose state is kept elsewhere (`state:` in the config): its files say enough.
    expectRefused(await cli(['serve', '--out', 'realpub-copy', '--port', '0'], dir, 5000), /it holds files serve did not make \(\d+ entries: "articles", "atom\.xml", "[^"]+", …\)/);
    expect(await readFile(join(dir, 'realpub-copy/index.html'), 'utf8')).toBe(before);
  }, 30_000);

  // With the state kept elsewhere, a site built into an earlier preview's folder keeps the marker: the next
  // `serve --out` rewrote its feed.xml with http://127.0.0.1 links and deleted its articles (exit 0).
  it('refuses its own earlier preview once a site was published into it', async () => {
    const dir = await project();
    const config = join(dir, 'feedwright.config.yaml');
    await writeFile(config, `${await readFile(config, 'utf8')}state: private-state\n`);
    preview = await startServe(['--out', 'public', '-q'], dir);
    preview.child.kill('SIGTERM');
    expect(await preview.exited).toBe(0);
    preview = undefined;
    expect((await cli(['build', '--allow-mass-delete', '-q'], dir)).code).toBe(0);
    expect(existsSync(join(dir, 'public/.feedwright-preview'))).toBe(true);
    const published = await readFile(join(dir, 'public/feed.xml'), 'utf8');
    expect(published).toContain('<link>https://example.org/</link>');
    await mkdir(join(dir, 'drafts'));
    await writeFile(join(dir, 'drafts/d.md'), article('A draft'));
    expectRefused(
      await cli(['serve', 'drafts', '--out', 'public', '--port', '0'], dir, 5000),
      /its feed\.xml links to https:\/\/example\.org\/, not to a local preview: a site was published there since serve marked it/,
    );
    expect(await readFile(join(dir, 'public/feed.xml'), 'utf8')).toBe(published);
    expect(await readdir(join(dir, 'public/articles'))).toEqual(['welcome-to-your-new-site.html', 'writing-articles.html']);
  }, 30_000);

  it('refuses any other folder that holds something', async () => {
    const dir = await project();
    await mkdir(join(dir, 'notes'));
    await writeFile(join(dir, 'notes/todo.txt'), 'mine');
    expectRefused(await cli(['serve', '--out', 'notes', '--port', '0'], dir, 5000), /it holds files serve did not make \(1 entry: "todo\.txt"\)/);
    expect(await readdir(join(dir, 'notes'))).toEqual(['todo.txt']);
  }, 20_000);

  it('builds into a new or empty folder, and into its own earlier preview again', async () => {
    const dir = await project();
    await mkdir(join(dir, 'empty'));
    for (const folder of ['fresh', 'empty', 'fresh']) {
      preview = await startServe(['--out', folder, '-q'], dir);
      expect(preview.folder).toBe(join(dir, folder));
      expect(await page(preview.url)).toContain('Welcome to your new site');
      expect(await readFile(join(dir, folder, 'index.html'), 'utf8')).toContain(preview.url);
      preview.child.kill('SIGTERM');
      expect(await preview.exited).toBe(0);
      preview = undefined;
    }
    // The preview's state is temporary: nothing beside the folder says a site was published there.
    expect(existsSync(join(dir, '.feedwright-state'))).toBe(false);
  }, 30_000);
});
