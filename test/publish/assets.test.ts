import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { parseConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/publish/logger.js';
import { publishSite } from '../../src/publish/publish.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

const config = parseConfig({ site: { title: 'Asset Site', baseUrl: 'https://site.example/news/' } });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const PDF = new TextEncoder().encode('%PDF-1.4 fake');
const meta = { contentType: '', cacheControl: '' };

function setup(contentInMemory?: number) {
  const input = createMemoryStore({
    'posts/trip.md': `---\ntitle: Trip\ndate: 2026-01-05\nimage: img/cover.png\n---\n\nWe went. ![Map](img/map.png) and [the plan](../docs/plan.pdf) and ![gone](img/missing.jpg).\n`,
    'other.md': `---\ntitle: Other\ndate: 2026-01-04\n---\n\nNo files here. [site](https://site.example/news/index.html)\n`,
  });
  void input.write('posts/img/cover.png', PNG, meta);
  void input.write('posts/img/map.png', PNG, meta);
  void input.write('docs/plan.pdf', PDF, meta);
  void input.write('posts/img/unused.png', PNG, meta);
  const output = createMemoryStore();
  const state = createMemoryStore();
  const deps = (now = '2026-02-01T00:00:00Z') => ({ config, input, output, state, clock: fixedClock(now), log: silentLogger, ...(contentInMemory === undefined ? {} : { contentInMemory }) });
  return { input, output, deps };
}

const text = (store: ReturnType<typeof createMemoryStore>, key: string) => new TextDecoder().decode(store.objects.get(key)?.body);

// Also in a run that keeps no article HTML (past `contentInMemory` changed sources), where what each
// article references travels with the page's content reference instead of a cached item.
describe.each([{ mode: 'HTML kept', contentInMemory: undefined }, { mode: 'no HTML kept', contentInMemory: 1 }])('local files an article references ($mode)', ({ contentInMemory }) => {
  it('are copied to assets/ with their content type, links rewritten; an unreferenced file is not published', async () => {
    const env = setup(contentInMemory);
    await publishSite(env.deps());
    expect(env.output.objects.get('assets/posts/img/map.png')?.body).toEqual(PNG);
    expect(env.output.objects.get('assets/posts/img/map.png')?.meta?.contentType).toBe('image/png');
    expect(env.output.objects.get('assets/docs/plan.pdf')?.meta?.contentType).toBe('application/pdf');
    expect(env.output.objects.get('assets/posts/img/cover.png')?.meta?.contentType).toBe('image/png');
    expect(env.output.objects.has('assets/posts/img/unused.png')).toBe(false);
    const page = text(env.output, 'articles/trip.html');
    expect(page).toContain('src="https://site.example/news/assets/posts/img/map.png"');
    expect(page).toContain('href="https://site.example/news/assets/docs/plan.pdf"');
    expect(page).toContain('<meta property="og:image" content="https://site.example/news/assets/posts/img/cover.png">');
    const json = JSON.parse(text(env.output, 'feed.json')) as { items: { title: string; image?: string; content_html?: string }[] };
    const trip = json.items.find((i) => i.title === 'Trip');
    expect(trip?.image).toBe('https://site.example/news/assets/posts/img/cover.png');
    expect(trip?.content_html).toContain('https://site.example/news/assets/posts/img/map.png');
  });

  it('a missing file is reported with the article path, and the link is left as written', async () => {
    const env = setup(contentInMemory);
    const report = await publishSite(env.deps());
    expect(report.warnings).toContainEqual({ path: 'posts/trip.md', reason: expect.stringContaining('posts/img/missing.jpg') });
    expect(text(env.output, 'articles/trip.html')).toContain('src="https://site.example/news/articles/img/missing.jpg"');
    // Still reported on a run that reuses the cached article.
    await env.input.write('new.md', `---\ntitle: New\ndate: 2026-01-06\n---\n\nFresh.\n`, meta);
    const again = await publishSite(env.deps('2026-02-02T00:00:00Z'));
    expect(again.warnings).toContainEqual({ path: 'posts/trip.md', reason: expect.stringContaining('posts/img/missing.jpg') });
  });

  it('a file added later is picked up, a changed file is rewritten, an unreferenced one is deleted, unchanged ones are not rewritten', async () => {
    const env = setup(contentInMemory);
    await publishSite(env.deps());
    await env.input.write('posts/img/missing.jpg', PNG, meta);
    const added = await publishSite(env.deps('2026-02-02T00:00:00Z'));
    expect(added.written).toContain('assets/posts/img/missing.jpg');
    expect(added.written).not.toContain('assets/posts/img/map.png');
    expect(env.output.objects.get('assets/posts/img/missing.jpg')?.meta?.contentType).toBe('image/jpeg');
    expect(text(env.output, 'articles/trip.html')).toContain('src="https://site.example/news/assets/posts/img/missing.jpg"');
    expect(added.warnings ?? []).toEqual([]);

    await env.input.write('docs/plan.pdf', new TextEncoder().encode('%PDF-1.4 changed'), meta);
    const changed = await publishSite(env.deps('2026-02-03T00:00:00Z'));
    expect(changed.written).toEqual(expect.arrayContaining(['assets/docs/plan.pdf']));
    expect(text(env.output, 'assets/docs/plan.pdf')).toBe('%PDF-1.4 changed');

    await env.input.write('posts/trip.md', `---\ntitle: Trip\ndate: 2026-01-05\n---\n\nNo pictures now.\n`, meta);
    const removed = await publishSite(env.deps('2026-02-04T00:00:00Z'));
    expect(removed.deleted.filter((k) => k.startsWith('assets/')).sort()).toEqual(['assets/docs/plan.pdf', 'assets/posts/img/cover.png', 'assets/posts/img/map.png', 'assets/posts/img/missing.jpg']);
    expect((await publishSite(env.deps('2026-02-05T00:00:00Z'))).written).toEqual([]);
  });
});

// A file name with `#`, `?`, `%`, a space or a non-ASCII letter, referenced percent-encoded (as Markdown
// wants) or in angle brackets: the file is published and the link points at it, encoded so that the
// `#` and `?` stay part of the name. A `#` once made the reference look like no file at all: left
// unpublished, the link broken, and no warning.
describe('local files with URL-special characters in their names', () => {
  it('are published and linked, each name encoded in the link', async () => {
    const input = createMemoryStore({
      'post.md': `---\ntitle: Pics\ndate: 2026-01-05\n---\n\nSee ![one](img%20dir/pic%20%231%3F.png), ![two](<img dir/café 50%.png>) and ![gone](img%20dir/gone%23.png). End.\n`,
      'angle.md': `---\ntitle: Angles\ndate: 2026-01-06\nimage: "img dir/q?.png"\n---\n\nAs written: ![three](<img dir/pic #1?.png>), ![four](<img dir/h#.png>), ![five](<img dir/q?.png>) and ![lost](<img dir/lost #2.png>).\n`,
    });
    await input.write('img dir/pic #1?.png', PNG, meta);
    await input.write('img dir/café 50%.png', PNG, meta);
    await input.write('img dir/h#.png', PNG, meta);
    await input.write('img dir/q?.png', PNG, meta);
    const output = createMemoryStore();
    const report = await publishSite({ config, input, output, state: createMemoryStore(), clock: fixedClock('2026-02-01T00:00:00Z'), log: silentLogger });
    expect(output.objects.get('assets/img dir/pic #1?.png')?.body).toEqual(PNG);
    expect(output.objects.get('assets/img dir/café 50%.png')?.body).toEqual(PNG);
    const page = text(output, 'articles/pics.html');
    const srcs = [...page.matchAll(/<img[^>]* src="([^"]*)"/g)].map((m) => m[1] ?? '');
    // Decoded by a URL parser, each link names the published key.
    const keys = srcs.map((src) => decodeURIComponent(new URL(src).pathname.replace(/^\/news\//, '')));
    expect(keys.slice(0, 2)).toEqual(['assets/img dir/pic #1?.png', 'assets/img dir/café 50%.png']);
    expect(srcs.every((src) => new URL(src).hash === '' && new URL(src).search === '')).toBe(true);
    expect(report.warnings).toContainEqual({ path: 'post.md', reason: expect.stringContaining('img dir/gone#.png') });
    // The same names written in angle brackets, `#` and `?` unescaped.
    const angles = text(output, 'articles/angles.html');
    const named = [...angles.matchAll(/<img[^>]* src="([^"]*)"/g)].map((m) => decodeURIComponent(new URL(m[1] ?? '').pathname.replace(/^\/news\//, '')));
    expect(named.slice(0, 3)).toEqual(['assets/img dir/pic #1?.png', 'assets/img dir/h#.png', 'assets/img dir/q?.png']);
    expect(output.objects.get('assets/img dir/h#.png')?.body).toEqual(PNG);
    expect(angles).toContain(`og:image" content="https://site.example/news/assets/img%20dir/q%3F.png"`);
    expect(report.warnings).toContainEqual({ path: 'angle.md', reason: expect.stringContaining('img dir/lost #2.png') });
  });
});

describe('local files referenced from the input root or in another Unicode form', () => {
  it.each([{ mode: 'HTML kept', contentInMemory: undefined }, { mode: 'no HTML kept', contentInMemory: 1 }])(
    'a root-relative reference on a site below its host root, and a name typed NFC for a file stored NFD, are published ($mode)',
    async ({ contentInMemory }) => {
      // The site lives at /news/: `/media/pic.png` resolves to https://site.example/media/pic.png, above it.
      const nfd = 'cafe\u0301.png';
      const input = createMemoryStore({
        'posts/a.md': `---\ntitle: A\ndate: 2026-01-05\n---\n\nPhoto ![p](/media/pic.png), ![c](caf\u00e9.png) and [home](/index.html) and ![g](/media/gone.png).\n`,
      });
      await input.write('media/pic.png', PNG, meta);
      await input.write(`posts/${nfd}`, PNG, meta);
      const output = createMemoryStore();
      const report = await publishSite({ config, input, output, state: createMemoryStore(), clock: fixedClock('2026-02-01T00:00:00Z'), log: silentLogger, ...(contentInMemory === undefined ? {} : { contentInMemory }) });
      expect(output.objects.get('assets/media/pic.png')?.body).toEqual(PNG);
      expect(output.objects.get(`assets/posts/${nfd}`)?.body).toEqual(PNG);
      const page = text(output, 'articles/a.html');
      expect(page).toContain('src="https://site.example/news/assets/media/pic.png"');
      expect(page).toContain(`src="https://site.example/news/assets/posts/${encodeURIComponent(nfd)}"`);
      // Links to the rest of the host are not files of the input: left alone, no warning.
      expect(page).toContain('href="https://site.example/index.html"');
      expect(page).toContain('src="https://site.example/media/gone.png"');
      expect(report.warnings ?? []).toEqual([]);
    },
  );
});
