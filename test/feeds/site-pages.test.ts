import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { type RenderedObject, type SiteArticle, type SiteInfo, categorySlug, renderSite } from '../../src/feeds/index.js';
import { xmlProblem } from '../support/feed-parsers.js';
import { makeItem } from '../support/make-feed-item.js';

const BASE = 'https://news.example/';
const site: SiteInfo = { title: 'Example News', description: 'News', language: 'en', baseUrl: BASE, feedSize: 4, archivePageSize: 3, stylesheet: true };

function articles(count: number): SiteArticle[] {
  const out: SiteArticle[] = [];
  for (let n = count; n >= 1; n--) {
    const day = new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
    out.push({
      slug: `story-${n}`,
      item: makeItem({
        id: `tag:news.example,2026:story-${n}`,
        title: `Story ${n}`,
        url: `${BASE}articles/story-${n}.html`,
        summary: `Summary "${n}" <of> the story.`,
        published: day,
        updated: day,
        categories: n % 2 === 0 ? ['Even Things', 'C++'] : ['Odd'],
        ...(n === 16 ? { image: 'https://img.example/three.jpg' } : {}),
      }),
    });
  }
  return out;
}

const docs = (objects: RenderedObject[]) => new Map(objects.map((o) => [o.key, o.body]));
const hrefs = (html: string, rel?: string) =>
  [...html.matchAll(/<a ([^>]*)>/g)]
    .map((m) => m[1] ?? '')
    .filter((attrs) => rel === undefined || attrs.includes(`rel="${rel}"`))
    .map((attrs) => /href="([^"]*)"/.exec(attrs)?.[1] ?? '');

/** Resolves a relative href from a page key the way a browser does, back to a store key. */
const resolveKey = (from: string, href: string) => new URL(href, `${BASE}${from}`).href.slice(BASE.length);

describe('every article reachable', () => {
  const count = 17;
  const out = docs(renderSite(site, articles(count)));

  it('sitemap.xml is well-formed and lists every article page and listing page; robots.txt names it', () => {
    const sitemap = out.get('sitemap.xml') ?? '';
    expect(xmlProblem(sitemap)).toBeNull();
    const parsed = new XMLParser({ isArray: (n) => n === 'url' }).parse(sitemap) as { urlset: { url: { loc: string; lastmod?: string }[] } };
    const locs = parsed.urlset.url.map((u) => u.loc);
    for (let n = 1; n <= count; n++) expect(locs).toContain(`${BASE}articles/story-${n}.html`);
    expect(locs).toContain(BASE);
    expect(locs).toContain(`${BASE}page/1.html`);
    expect(locs).toContain(`${BASE}categories/odd/index.html`);
    expect(parsed.urlset.url.find((u) => u.loc.endsWith('story-2.html'))?.lastmod).toBe('2026-01-03T00:00:00.000Z');
    expect(out.get('robots.txt')).toBe(`User-agent: *\nAllow: /\nSitemap: ${BASE}sitemap.xml\n`);
  });

  it('past the per-file URL limit, sitemap.xml is an index of parts that together list every URL exactly once', () => {
    const limit = 7;
    const big = docs(renderSite({ ...site, sitemapMaxUrls: limit }, articles(count)));
    const index = big.get('sitemap.xml') ?? '';
    expect(xmlProblem(index)).toBeNull();
    const parsedIndex = new XMLParser({ isArray: (n) => n === 'sitemap' }).parse(index) as { sitemapindex: { sitemap: { loc: string }[] } };
    const partLocs = parsedIndex.sitemapindex.sitemap.map((s) => s.loc);
    expect(partLocs.length).toBeGreaterThan(1);
    const locs: string[] = [];
    for (const loc of partLocs) {
      const key = loc.slice(BASE.length);
      expect(key).toMatch(/^sitemaps\/\d+\.xml$/);
      const part = big.get(key) ?? '';
      expect(xmlProblem(part)).toBeNull();
      const urls = (new XMLParser({ isArray: (n) => n === 'url' }).parse(part) as { urlset: { url: { loc: string }[] } }).urlset.url;
      expect(urls.length).toBeLessThanOrEqual(limit);
      locs.push(...urls.map((u) => u.loc));
    }
    // The same URLs as the single-file sitemap, each once.
    const single = (new XMLParser({ isArray: (n) => n === 'url' }).parse(out.get('sitemap.xml') ?? '') as { urlset: { url: { loc: string }[] } }).urlset.url.map((u) => u.loc);
    expect([...locs].sort()).toEqual([...single].sort());
    expect(new Set(locs).size).toBe(locs.length);
  });

  // The feed list at the foot of a listing page is made once per list and depth and reused: each page's
  // links must still lead, from that page, to the feeds that exist. The home page lists every feed; the
  // other pages the site's and their own, and lead to the home page's list.
  it('the feed list of every listing page, at every folder depth, links feeds and pages that exist', () => {
    const listings = [...out.keys()].filter((k) => k.endsWith('.html') && !k.startsWith('articles/'));
    const depths = new Set(listings.map((k) => k.split('/').length));
    expect(depths.size).toBeGreaterThanOrEqual(3);
    let footers = 0;
    for (const key of listings) {
      const html = out.get(key) ?? '';
      const footer = html.slice(html.indexOf('<ul class="feeds">'), html.indexOf('</footer>'));
      if (footer === '') continue;
      footers++;
      // Resolved inside a folder that is not the host's root (a site opened from disk, or served under a
      // path): one `../` too many would leave the site, which resolving from the host's root would hide.
      const inside = 'https://host.example/some/folder/site/';
      const targets = hrefs(footer).map((h) => {
        const resolved = new URL(h, `${inside}${key}`);
        resolved.hash = '';
        const url = resolved.href;
        return url.startsWith(inside) ? url.slice(inside.length) : `outside the site: ${url}`;
      });
      expect(targets.length).toBeGreaterThan(3);
      for (const target of targets) expect(out.has(target), `${key} links ${target}`).toBe(true);
      expect(targets).toContain('feeds.opml');
      expect(targets).toContain('feed.xml');
      if (key === 'index.html') {
        for (const feed of [...out.keys()].filter((k) => /^categories\/[^/]+\/feed\.xml$/.test(k))) expect(targets).toContain(feed);
      } else {
        expect(hrefs(footer).some((h) => h.endsWith('index.html#feeds')), key).toBe(true);
        const own = /^(categories\/[^/]+\/)/.exec(key)?.[1];
        if (own) expect(targets).toContain(`${own}feed.xml`);
        const others = targets.filter((t) => t.startsWith('categories/') && !(own && t.startsWith(own)));
        expect(others, key).toEqual([]);
      }
    }
    expect(footers).toBe(listings.length);
  });

  it('following "older" from a listing reaches every article of it exactly once, over stable page URLs', () => {
    const walkListing = (start: string) => {
      const seen: string[] = [];
      let key: string | undefined = start;
      const pages: string[] = [];
      while (key) {
        pages.push(key);
        const html = out.get(key);
        if (html === undefined) throw new Error(`${key} is linked but missing`);
        const main = html.slice(html.indexOf('<main>'), html.indexOf('</main>'));
        seen.push(...hrefs(main).filter((h) => h.includes('/articles/')));
        const older = hrefs(main, 'next')[0];
        key = older === undefined ? undefined : resolveKey(key, older);
      }
      return { seen, pages };
    };
    const index = walkListing('index.html');
    expect(index.seen).toHaveLength(count);
    expect(new Set(index.seen).size).toBe(count);
    // 17 = 5 on index + 4 pages of 3, numbered from the oldest.
    expect(index.pages).toEqual(['index.html', 'page/4.html', 'page/3.html', 'page/2.html', 'page/1.html']);
    const odd = walkListing('categories/odd/index.html');
    expect(new Set(odd.seen).size).toBe(9);
    expect(odd.seen).toHaveLength(9);
    // Page 1 is the oldest articles, whatever is added later.
    const later = docs(renderSite(site, articles(count + 5)));
    expect(later.get('page/1.html')).toContain('story-1.html');
    expect(later.get('page/1.html')).toBe(out.get('page/1.html'));
  });

  it('article pages link their categories and neighbours, carry a meta description and OpenGraph', () => {
    const page = out.get('articles/story-4.html') ?? '';
    const categoryLinks = hrefs(page, 'tag').map((h) => resolveKey('articles/story-4.html', h));
    expect(categoryLinks).toEqual([`categories/${categorySlug('Even Things')}/index.html`, `categories/${categorySlug('C++')}/index.html`]);
    for (const key of categoryLinks) expect(out.has(key), key).toBe(true);
    expect(hrefs(page, 'prev').map((h) => resolveKey('articles/story-4.html', h))).toEqual(['articles/story-5.html']);
    expect(hrefs(page, 'next').map((h) => resolveKey('articles/story-4.html', h))).toEqual(['articles/story-3.html']);
    expect(hrefs(out.get(`articles/story-${count}.html`) ?? '', 'prev')).toEqual([]);
    expect(hrefs(out.get('articles/story-1.html') ?? '', 'next')).toEqual([]);
    expect(page).toContain('<meta name="description" content="Summary &quot;4&quot; &lt;of&gt; the story.">');
    expect(page).toContain('<meta property="og:title" content="Story 4">');
    expect(page).toContain(`<meta property="og:url" content="${BASE}articles/story-4.html">`);
    expect(page).toContain('<meta property="og:type" content="article">');
    expect(out.get('articles/story-16.html')).toContain('<meta property="og:image" content="https://img.example/three.jpg">');
  });

  it('feeds carry the article image as Media RSS, an Atom enclosure and JSON Feed image', () => {
    const rss = out.get('feed.xml') ?? '';
    const three = rss.slice(rss.indexOf('story-16'));
    expect(rss).toContain('xmlns:media="http://search.yahoo.com/mrss/"');
    expect(three).toContain('<media:thumbnail url="https://img.example/three.jpg"/>');
    expect(three).toContain('<media:content url="https://img.example/three.jpg" medium="image" type="image/jpeg"/>');
    expect(out.get('atom.xml')).toContain('<link rel="enclosure" type="image/jpeg" href="https://img.example/three.jpg"/>');
    const json = JSON.parse(out.get('feed.json') ?? '') as { items: { id: string; image?: string }[] };
    expect(json.items.find((i) => i.id.endsWith('story-16'))?.image).toBe('https://img.example/three.jpg');
  });

  it('RSS and Atom point to the shipped stylesheet; the stylesheet is well-formed XSLT with a subscribe note', () => {
    // Relative: browsers load an XSLT only from the feed's own origin, and a folder opened from disk works too.
    expect(out.get('feed.xml')?.split('\n')[1]).toBe('<?xml-stylesheet type="text/xsl" href="feed.xsl"?>');
    expect(out.get('categories/odd/atom.xml')?.split('\n')[1]).toBe('<?xml-stylesheet type="text/xsl" href="../../feed.xsl"?>');
    expect(out.get('categories/odd/archive/1/feed.xml')?.split('\n')[1]).toBe('<?xml-stylesheet type="text/xsl" href="../../../../feed.xsl"?>');
    const xsl = out.get('feed.xsl') ?? '';
    expect(xmlProblem(xsl)).toBeNull();
    expect(xsl).toContain('feed reader');
    expect(docs(renderSite({ ...site, stylesheet: false }, articles(2))).get('feed.xml')).not.toContain('xml-stylesheet');
  });
});

describe('content per feed', () => {
  const one = articles(1);
  it('summary only: no content in any format', () => {
    const out = docs(renderSite({ ...site, content: { site: 'summary', categories: 'both' } }, one));
    expect(out.get('feed.xml')).not.toContain('content:encoded');
    expect(out.get('atom.xml')).not.toContain('<content');
    expect(JSON.parse(out.get('feed.json') ?? '').items[0]).not.toHaveProperty('content_html');
    // Categories keep their own choice.
    expect(out.get('categories/odd/feed.xml')).toContain('<content:encoded>');
  });
  it('full: the HTML in description / content / content_html, no separate summary', () => {
    const out = docs(renderSite({ ...site, content: { site: 'full', categories: 'full' } }, one));
    expect(out.get('feed.xml')).toContain('<description>&lt;p&gt;Body text.&lt;/p&gt;</description>');
    expect(out.get('atom.xml')).not.toContain('<summary');
    const item = JSON.parse(out.get('feed.json') ?? '').items[0];
    expect(item.content_html).toBe('<p>Body text.</p>');
    expect(item).not.toHaveProperty('summary');
  });
  it('both: summary and content', () => {
    const out = docs(renderSite(site, one));
    expect(out.get('atom.xml')).toMatch(/<summary type="text">[^<]*<\/summary>\s*<content type="html">/);
  });
});
