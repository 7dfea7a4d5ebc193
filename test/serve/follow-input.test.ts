import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, eventually, type RunningPreview, startServe, tempDir } from './serve-process.js';

const article = (title: string) => `---\ntitle: ${title}\ndate: 2026-01-02T00:00:00Z\n---\nA paragraph about ${title}.\n`;

let preview: RunningPreview | undefined;
afterEach(async () => {
  preview?.child.kill('SIGTERM');
  await preview?.exited;
  preview = undefined;
});

async function page(url: string, path = ''): Promise<string> {
  const response = await fetch(new URL(path, url));
  return response.ok ? response.text() : '';
}

async function project(): Promise<string> {
  const dir = await tempDir('follow');
  expect((await cli(['init', '.'], dir)).code).toBe(0);
  return dir;
}

describe('serve follows the input folder', () => {
  // The watch of the old folder reported nothing after it was removed: no rebuild ever again, no message.
  it.each([
    ['moved away and back', async (folder: string) => {
      await rename(folder, `${folder}.bak`);
      await new Promise((r) => setTimeout(r, 500));
      await rename(`${folder}.bak`, folder);
    }],
    ['removed and made again', async (folder: string) => {
      await cp(folder, `${folder}.copy`, { recursive: true });
      await rm(folder, { recursive: true });
      await new Promise((r) => setTimeout(r, 500));
      await mkdir(folder);
      await cp(`${folder}.copy`, folder, { recursive: true });
    }],
  ])('rebuilds after the folder is %s', async (_how, replace) => {
    const dir = await project();
    const articles = join(dir, 'articles');
    preview = await startServe(['-q'], dir);
    await replace(articles);
    await new Promise((r) => setTimeout(r, 500));
    await writeFile(join(articles, 'late-arrival.md'), article('Late arrival'));
    const url = preview.url;
    await eventually(async () => (await page(url)).includes('Late arrival'));
    expect(await page(url, 'articles/welcome-to-your-new-site.html')).not.toBe('');
  }, 20_000);
});
