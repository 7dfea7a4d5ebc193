import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, initProject, type RunningPreview, servedArticle, servedPage, startServe } from './serve-process.js';

let preview: RunningPreview | undefined;
afterEach(async () => {
  preview?.child.kill('SIGTERM');
  await preview?.exited;
  preview = undefined;
});

const article = servedArticle;
const page = servedPage;
const project = () => initProject('follow');

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
