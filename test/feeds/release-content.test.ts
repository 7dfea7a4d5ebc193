import { describe, expect, it } from 'vitest';
import { releaseContent, contentReleased } from '../../src/feeds/check-feed.js';
import { type SiteArticle, type SiteInfo, forgetCheckedItems, planSite, renderFeeds, renderSite } from '../../src/feeds/index.js';
import { dailyArticles, makeChannel, makeItem } from '../support/make-feed-item.js';

const BASE = 'https://news.example/';
// Only full archive pages of 3 are cut from the oldest, so the current documents hold 4 to 6 items: the
// site feed (17 items, 4 pages archived) shows stories 17–13, "Odd" (9 items, 1 page) 17–7 and "Even"
// (8 items, 1 page) 16–8. Stories 1–6 are in archives only.
const site: SiteInfo = { title: 'Example News', description: 'News', language: 'en', baseUrl: BASE, feedSize: 4, archivePageSize: 3 };
const MEMBERS = [17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7];

function articles(count: number): SiteArticle[] {
  return dailyArticles(BASE, count, (n) => ({ contentHtml: `<p>Body of story ${n}.</p>`, categories: n % 2 === 0 ? ['Even'] : ['Odd'] }));
}

describe('an article whose content no feed shows releases it once its page is rendered', () => {
  const all = articles(17);
  const out = new Map(renderSite(site, all).map((o) => [o.key, o.body]));

  it('every page still shows its own content', () => {
    for (let n = 1; n <= 17; n++) expect(out.get(`articles/story-${n}.html`)).toContain(`<p>Body of story ${n}.</p>`);
  });

  it('feed members keep their content, every other item is emptied', () => {
    for (const { item } of all) {
      const n = Number(item.title.slice('Story '.length));
      expect(item.contentHtml === '', `story ${n}`).toBe(!MEMBERS.includes(n));
      expect(contentReleased(item)).toBe(!MEMBERS.includes(n));
    }
  });

  it('current documents carry their members in full; archives carry summaries only', () => {
    expect(out.get('feed.xml')).toContain('Body of story 14.');
    expect(out.get('categories/even/feed.xml')).toContain('Body of story 8.');
    const archives = [...out.keys()].filter((key) => /(^|\/)archive\/\d+\//.test(key));
    // Site: 4 pages, Odd and Even: 1 each, three formats.
    expect(archives).toHaveLength(18);
    for (const key of archives) expect(out.get(key), key).not.toContain('Body of story');
  });

  it('rendering a released page again throws rather than publishing it empty', () => {
    const fresh = articles(17);
    const page = planSite(site, fresh).find((o) => o.key === 'articles/story-2.html');
    expect(page?.render()).toContain('Body of story 2.');
    expect(() => page?.render()).toThrow(/rendered twice/);
  });
});

describe('releaseContent', () => {
  it('a released item renders exactly as the same item made without content', () => {
    const channel = makeChannel();
    const released = makeItem({ contentHtml: '<p>Long body.</p>' });
    renderFeeds(channel, [released]);
    releaseContent(released);
    expect(released.contentHtml).toBe('');
    expect(renderFeeds(channel, [released])).toEqual(renderFeeds(channel, [makeItem({ contentHtml: '' })]));
  });

  it('an item never released is not reported as released', () => {
    const item = makeItem();
    expect(contentReleased(item)).toBe(false);
    releaseContent(makeItem({ contentHtml: '' }));
    expect(contentReleased(makeItem({ contentHtml: '' }))).toBe(false);
  });
});

describe('forgetCheckedItems', () => {
  it('drops the memoized check: an item is checked afresh on its next render', () => {
    const channel = makeChannel();
    const item = makeItem({ title: 'Before' });
    expect(renderFeeds(channel, [item]).rss).toContain('<title>Before</title>');
    // The memo is per item object (callers never change a rendered item): without forgetting, the old title stays.
    item.title = 'After';
    expect(renderFeeds(channel, [item]).rss).toContain('<title>Before</title>');
    forgetCheckedItems();
    expect(renderFeeds(channel, [item]).rss).toContain('<title>After</title>');
  });
});
