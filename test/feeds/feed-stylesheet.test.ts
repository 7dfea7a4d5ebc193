import { execFileSync } from 'node:child_process';
import { EXTERNAL_TIMEOUT, missingConsumersAllowed } from '../support/consumers.js';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type SiteArticle, renderSite } from '../../src/feeds/index.js';
import { makeItem } from '../support/make-feed-item.js';

// libxslt is what Chromium and WebKit used to run feed stylesheets. Installed by .ci/run (`apt-get install xsltproc`);
// a missing one fails (spawn error) unless missing tools are explicitly allowed.
const XSLTPROC = '/usr/bin/xsltproc';

function transform(xsl: string, xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fw-xsl-'));
  writeFileSync(join(dir, 'feed.xsl'), xsl);
  writeFileSync(join(dir, 'feed.xml'), xml);
  return execFileSync(XSLTPROC, ['--novalid', '--nonet', join(dir, 'feed.xsl'), join(dir, 'feed.xml')], { encoding: 'utf8', timeout: EXTERNAL_TIMEOUT });
}

describe.skipIf(!existsSync(XSLTPROC) && missingConsumersAllowed())('feed.xsl in an XSLT 1.0 processor', () => {
  const articles: SiteArticle[] = [
    { slug: 'one', item: makeItem({ id: 'tag:x,2026:1', title: 'Title <script>alert(1)</script> & more', summary: 'Summary <b>not bold</b>' }) },
  ];
  const out = new Map(renderSite({ title: 'Example News', description: 'News', language: 'en', baseUrl: 'https://news.example/', feedSize: 5, stylesheet: true }, articles).map((o) => [o.key, o.body]));
  const xsl = out.get('feed.xsl') ?? '';

  it('shows RSS and Atom feeds as a page with the subscribe note, the feed address and every title as text', () => {
    for (const key of ['feed.xml', 'atom.xml']) {
      const html = transform(xsl, out.get(key) ?? '');
      expect(html, key).toContain('This is a web feed.');
      expect(html, key).toContain(`https://news.example/${key}`);
      // Titles stay text: markup in them is escaped, never executed.
      expect(html, key).toContain('Title &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
      expect(html, key).not.toContain('<script>');
    }
  });

  it('shows the channel description as written, in RSS as in Atom, category feeds too', () => {
    const description = `Fish & Chips <daily> "best" 'ever' &amp; &copy; & done`;
    const site = new Map(
      renderSite({ title: 'Example News', description, language: 'en', baseUrl: 'https://news.example/', feedSize: 5, stylesheet: true }, [
        { slug: 'one', item: makeItem({ id: 'tag:x,2026:1', title: 'One', categories: ['R&D'] }) },
      ]).map((o) => [o.key, o.body]),
    );
    const keys = ['feed.xml', 'atom.xml', ...[...site.keys()].filter((k) => /^categories\/[^/]+\/(feed|atom)\.xml$/.test(k))];
    expect(keys).toHaveLength(4);
    for (const key of keys) {
      const html = transform(String(site.get('feed.xsl')), String(site.get(key)));
      // The page's text (HTML-escaped once, as any text in an HTML page), never markup from the description.
      const shown = /<\/h1><p>([^<]*)<\/p>/.exec(html)?.[1];
      expect(shown, key).toMatch(/Fish &amp; Chips &lt;daily&gt; ("|&quot;)best("|&quot;) ('|&#39;)ever('|&#39;) &amp;amp; &amp;copy; &amp; done$/);
    }
  });
});
