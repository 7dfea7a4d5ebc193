import { describe, expect, it } from 'vitest';
import { listSources } from '../../src/publish/quick-check.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

const rss = (generator: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><generator>${generator}</generator><item><title>x</title></item></channel></rss>`;
const feeds = (folder: string, generator: string) => ({
  [`${folder}feed.xml`]: rss(generator),
  [`${folder}atom.xml`]: '<feed/>',
  [`${folder}feed.json`]: '{}',
});

describe('listSources: an input that holds a published site', () => {
  // `build --input .` in a project folder published public/index.html, robots.txt and every page as articles.
  it('refuses a folder holding the three site feeds with Feedwright as generator, naming it and the articles folder', async () => {
    const input = createMemoryStore({ 'articles/a.md': '# A\n', ...feeds('public/', 'Feedwright'), 'public/index.html': '<p>x</p>', ...feeds('public/categories/news/', 'Feedwright') });
    await expect(listSources(input)).rejects.toMatchObject({
      code: 'invalid-location',
      exitCode: 2,
      message: expect.stringMatching(/public\/ inside the input .* is a site Feedwright publishes .*give the input the folder of your articles \(.*articles\?\)/),
    });
  });

  it('reads a folder of feed templates of the same names (a Jekyll site) and a feed quoting Feedwright in an item', async () => {
    const quoted = { 'site/feed.xml': '<rss><channel><generator>Jekyll</generator><item><generator>Feedwright</generator></item></channel></rss>', 'site/atom.xml': '', 'site/feed.json': '{}' };
    const input = createMemoryStore({ 'a.md': '# A\n', ...feeds('jekyll/', 'Jekyll'), ...quoted, 'partial/feed.xml': rss('Feedwright'), 'partial/feed.json': '{}' });
    const listing = await listSources(input);
    expect([...listing.versions.keys()].sort()).toEqual(['a.md', 'jekyll/feed.json', 'partial/feed.json', 'site/feed.json']);
  });
});
