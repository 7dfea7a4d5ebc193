import { describe, expect, it } from 'vitest';
import { renderRobots } from '../../src/feeds/render-sitemap.js';

describe('renderRobots', () => {
  it("names the site's sitemap, then each issued digest's, sorted", () => {
    const keys = { rss: 'x', atom: 'y', json: 'z' };
    const digest = (id: string) => ({ title: id, keys, htmlUrl: `https://s.example/digests/${id}/index.html`, sitemapKey: `digests/${id}/sitemap.xml` });
    const text = renderRobots({ title: 'S', description: '', language: 'en', baseUrl: 'https://s.example/', feedSize: 5, digestFeeds: [digest('weekly'), digest('daily')] });
    expect(text).toBe(
      'User-agent: *\nAllow: /\nSitemap: https://s.example/sitemap.xml\nSitemap: https://s.example/digests/daily/sitemap.xml\nSitemap: https://s.example/digests/weekly/sitemap.xml\n',
    );
  });
});
