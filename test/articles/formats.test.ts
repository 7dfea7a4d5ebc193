import { describe, expect, it } from 'vitest';
import { ArticleSchema, loadArticles, type Article } from '../../src/articles/index.js';
import { makeContext, seed, source } from './helpers.js';

function only(result: { articles: Article[] }): Article {
  expect(result.articles).toHaveLength(1);
  const a = result.articles[0];
  if (!a) throw new Error('no article');
  return a;
}

describe('.txt', () => {
  it('takes a short first line followed by a blank line as the title (BBC layout)', () => {
    const a = only(
      loadArticles(
        [source('news/ad-sales.txt', 'Ad sales boost Time Warner profit\n\nQuarterly profits rose.\n\nMore ads sold.\n')],
        makeContext(),
      ),
    );
    expect(a.title).toBe('Ad sales boost Time Warner profit');
    expect(a.contentText).toBe('Quarterly profits rose.\n\nMore ads sold.');
    expect(a.contentHtml).toBe('<p>Quarterly profits rose.</p>\n<p>More ads sold.</p>');
  });

  it('does not take a first line ending like a sentence as the title', () => {
    const a = only(loadArticles([source('a.txt', 'It rained today.\n\nThe river rose.')], makeContext()));
    expect(a.title).toBe('It rained today');
    expect(a.contentText).toBe('It rained today.\n\nThe river rose.');
  });

  it('never takes a byline first line as the title: the title is the next line, or derived from the lead', () => {
    const lead = 'The council approved the plan on Tuesday. Work starts in May.';
    for (const byline of ['By Jane Smith', 'By JANE SMITH, Reuters', 'By Jane Smith and John Roe']) {
      const derived = only(loadArticles([source('a.txt', `${byline}\n\n${lead}\n`)], makeContext()));
      expect(derived.title, byline).toBe('The council approved the plan on Tuesday');
      expect(derived.contentText, byline).toBe(`${byline}\n\n${lead}`);
      const titled = only(loadArticles([source('a.txt', `${byline}\n\nCouncil approves plan\n\n${lead}\n`)], makeContext()));
      expect(titled.title, byline).toBe('Council approves plan');
      expect(titled.contentText, byline).toBe(`${byline}\n\n${lead}`);
    }
    // A first line that only starts like one is a title.
    const a = only(loadArticles([source('a.txt', `By-election called in Leeds\n\n${lead}\n`)], makeContext()));
    expect(a.title).toBe('By-election called in Leeds');
  });

  it('treats each line as a paragraph when there are no blank lines, and escapes HTML', () => {
    const a = only(loadArticles([source('a.txt', 'First <b>line</b> & more.\nSecond line.')], makeContext()));
    expect(a.contentHtml).toBe('<p>First &lt;b&gt;line&lt;/b&gt; &amp; more.</p>\n<p>Second line.</p>');
  });

  it('derives a sensible title for the seed article', () => {
    const a = only(loadArticles([seed('000_06ee0f6f41912072.txt')], makeContext()));
    expect(a.title).toBe('Ukrainian President Volodymyr Zelenskyy has offered to step down');
    expect(a.slug).toBe('ukrainian-president-volodymyr-zelenskyy-has-offered-to-step-down');
    // A tag: URI (RFC 4151) from the site host, a fixed date and the source path: the same on every run.
    expect(a.id).toBe('tag:feedwright.example,2026:000_06ee0f6f41912072.txt');
    const later = only(loadArticles([seed('000_06ee0f6f41912072.txt')], makeContext({ now: new Date('2030-01-01T00:00:00Z') })));
    expect(later.id).toBe(a.id);
    expect(a.contentText.split('\n\n')).toHaveLength(8);
    expect(a.contentText.startsWith('Ukrainian President Volodymyr Zelenskyy has offered')).toBe(true);
  });
});

describe('a derived title of Chinese or Japanese text', () => {
  // Each format without a title of its own: the whole first line (every sentence and its 。) was the title.
  const text = '東京都は月曜日に新しい計画を発表した。計画は来年実施される。住民の反応は様々だ。';
  it.each([
    ['a.txt', `${text}\n`],
    ['a.md', `${text}\n\n次の段落。\n`],
    ['a.html', `<html lang="ja"><body><p>${text}</p></body></html>`],
    ['a.json', JSON.stringify({ content_text: text })],
  ])('is the lead sentence of %s, without its full stop', (path, body) => {
    expect(only(loadArticles([source(path, body)], makeContext())).title).toBe('東京都は月曜日に新しい計画を発表した');
  });
});

describe('.md', () => {
  const md = [
    '---',
    'title: Tides and turbines',
    'date: 2026-01-12T08:30:00+01:00',
    'updated: 2026-01-20',
    'author: { name: Maren Holt, email: maren@example.org }',
    'categories: [science, Energy]',
    'tags: [energy, tides]',
    'summary: A short summary.',
    'image: images/hall.jpg',
    'lang: en-GB',
    '---',
    'The lagoon *worked*. See [the plan](../plans/lagoon.html).',
    '',
    '![Hall](img/hall.png)',
    '',
    'Second paragraph.',
  ].join('\n');

  it('reads front matter fields and renders Markdown', () => {
    const a = only(loadArticles([source('posts/tides.md', md)], makeContext()));
    expect(a.title).toBe('Tides and turbines');
    expect(a.published).toBe('2026-01-12T07:30:00.000Z');
    expect(a.updated).toBe('2026-01-20T00:00:00.000Z');
    expect(a.authors).toEqual([{ name: 'Maren Holt', email: 'maren@example.org' }]);
    // Merged and de-duplicated case-insensitively, first spelling and order kept.
    expect(a.categories).toEqual(['science', 'Energy', 'tides']);
    expect(a.summary).toBe('A short summary.');
    expect(a.lang).toBe('en-GB');
    expect(a.slug).toBe('tides-and-turbines');
    expect(a.image).toBe('https://feedwright.example/articles/images/hall.jpg');
    expect(a.contentHtml).toContain('<em>worked</em>');
    expect(a.contentText).toBe('The lagoon worked. See the plan.\n\nSecond paragraph.');
  });

  it('makes relative links and images absolute against the article page', () => {
    const a = only(loadArticles([source('posts/tides.md', md)], makeContext()));
    expect(a.contentHtml).toContain('href="https://feedwright.example/plans/lagoon.html"');
    expect(a.contentHtml).toContain('src="https://feedwright.example/articles/img/hall.png"');
  });

  it('resolves relative links against the article url when it has one', () => {
    const text = '---\ntitle: Away\nurl: https://blog.example.org/2026/away.html\n---\n[next](next.html) and [top](/)\n';
    const a = only(loadArticles([source('away.md', text)], makeContext()));
    expect(a.url).toBe('https://blog.example.org/2026/away.html');
    expect(a.contentHtml).toContain('href="https://blog.example.org/2026/next.html"');
    expect(a.contentHtml).toContain('href="https://blog.example.org/"');
  });

  it('uses a leading # heading as the title when front matter has none', () => {
    const a = only(loadArticles([source('h.md', '# The *real* title\n\nBody text.\n')], makeContext()));
    expect(a.title).toBe('The real title');
    expect(a.contentText).toBe('Body text.');
  });

  it('accepts author lists as strings or objects', () => {
    const text = '---\ntitle: T\nauthors:\n  - Ilya Brandt\n  - name: Sofia Reyes\n    url: https://example.org/s\n---\nBody.\n';
    const a = only(loadArticles([source('a.md', text)], makeContext()));
    expect(a.authors).toEqual([{ name: 'Ilya Brandt' }, { name: 'Sofia Reyes', url: 'https://example.org/s' }]);
  });

  it('falls back to the default author, else none', () => {
    const withDefault = only(
      loadArticles([source('a.md', 'Body.')], makeContext({ defaultAuthor: { name: 'Site Team' } })),
    );
    expect(withDefault.authors).toEqual([{ name: 'Site Team' }]);
    expect(only(loadArticles([source('a.md', 'Body.')], makeContext())).authors).toEqual([]);
  });

  it('leaves drafts out of articles and records without rejecting them', () => {
    const r = loadArticles([source('d.md', '---\ntitle: Later\ndraft: true\n---\n')], makeContext());
    expect(r.articles).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.records).toEqual({});
  });

  it('uses a front-matter id and slug', () => {
    const a = only(loadArticles([source('a.md', '---\nid: urn:x:1\nslug: Hello World\n---\nBody.')], makeContext()));
    expect(a.id).toBe('urn:x:1');
    expect(a.slug).toBe('hello-world');
  });
});

describe('.json', () => {
  const json = JSON.stringify([
    { id: 'lichens', title: 'Lichens return', date: '2026-03-09', categories: ['science'], content_text: 'Para one.\n\nPara two.' },
    { title: 'Buses', date: '2026-03-18', categories: 'technology, transport', content: 'Some **bold** text.' },
    { title: 'Raw', date: '2026-03-01', content_html: '<p>Hello <a href="x.html">x</a></p>' },
  ]);

  it('turns each array element into an article keyed path#id or path#index', () => {
    const r = loadArticles([source('feed/items.json', json)], makeContext());
    expect(r.rejected).toEqual([]);
    expect(r.articles.map((a) => a.title)).toEqual(['Buses', 'Lichens return', 'Raw']);
    expect(Object.keys(r.records).sort()).toEqual(['feed/items.json#1', 'feed/items.json#2', 'feed/items.json#lichens']);
    const buses = r.articles[0];
    expect(buses?.categories).toEqual(['technology', 'transport']);
    expect(buses?.contentHtml).toContain('<strong>bold</strong>');
    expect(buses?.id).toBe('tag:feedwright.example,2026:feed/items.json#1');
    expect(buses?.sourcePath).toBe('feed/items.json');
    expect(r.articles[1]?.id).toBe('lichens');
    expect(r.articles[1]?.contentText).toBe('Para one.\n\nPara two.');
  });

  it('accepts a single object keyed by its path', () => {
    const r = loadArticles([source('one.json', JSON.stringify({ title: 'One', content_text: 'Body.' }))], makeContext());
    expect(Object.keys(r.records)).toEqual(['one.json']);
    expect(r.articles[0]?.title).toBe('One');
  });

  it('rejects only the bad element, naming path#index and the field', () => {
    const mixed = JSON.stringify([
      { title: 'Good', content_text: 'Fine.' },
      { title: 'Bad', date: 'soon', content_text: 'Nope.' },
      { title: 'Typo', categroies: ['x'], content_text: 'Nope.' },
      { title: 'No body' },
    ]);
    const r = loadArticles([source('m.json', mixed)], makeContext());
    expect(r.articles.map((a) => a.title)).toEqual(['Good']);
    expect(r.rejected.map((e) => e.path)).toEqual(['m.json#1', 'm.json#2', 'm.json#3']);
    expect(r.rejected[0]?.reason).toMatch(/^date: not a valid date: "soon"/);
    expect(r.rejected[1]?.reason).toBe('unknown field "categroies"');
    expect(r.rejected[2]?.reason).toMatch(/^content: missing body/);
  });
});

describe('.html', () => {
  const page = `<!doctype html>
<html lang="fr">
<head>
  <title>Les abeilles du toit</title>
  <meta name="description" content="Four hives on the roof.">
  <meta name="author" content="Lena Okafor">
  <meta property="article:published_time" content="2026-03-27T10:15:00+02:00">
  <meta name="keywords" content="nature, science">
  <link rel="canonical" href="https://example.org/bees/roof.html">
</head>
<body>
  <nav><a href="/">Home</a></nav>
  <article>
    <h1>Les abeilles du toit</h1>
    <p>First paragraph with <a href="../map.html">a map</a>.</p>
    <p>Second &amp; last.</p>
  </article>
  <footer>Footer text</footer>
</body>
</html>`;

  it('reads title, meta, canonical url, lang and the article body', () => {
    const a = only(loadArticles([source('bees.html', page)], makeContext()));
    expect(a.title).toBe('Les abeilles du toit');
    expect(a.summary).toBe('Four hives on the roof.');
    expect(a.authors).toEqual([{ name: 'Lena Okafor' }]);
    expect(a.published).toBe('2026-03-27T08:15:00.000Z');
    expect(a.categories).toEqual(['nature', 'science']);
    expect(a.url).toBe('https://example.org/bees/roof.html');
    expect(a.lang).toBe('fr');
    // The article element only: no nav, no footer, and the heading that repeats the title is gone.
    expect(a.contentText).toBe('First paragraph with a map.\n\nSecond & last.');
    expect(a.contentHtml).toContain('href="https://example.org/map.html"');
    expect(a.contentHtml).not.toContain('Home');
  });

  it('falls back to the first h1, main/body and a <time datetime>', () => {
    const html = '<html><body><main><h1>Heading only</h1><p>Posted <time datetime="2026-02-01">Feb 1</time>.</p></main><p>outside</p></body></html>';
    const a = only(loadArticles([source('h.htm', html)], makeContext()));
    expect(a.title).toBe('Heading only');
    expect(a.published).toBe('2026-02-01T00:00:00.000Z');
    expect(a.contentText).toBe('Posted Feb 1.');
  });
});

describe('every article', () => {
  it('matches the Article schema for all seeds', () => {
    const names = [
      '000_06ee0f6f41912072.txt',
      '2026-01-12-tidal-lagoon-pilot.md',
      '2026-02-03-offline-first-notes.md',
      '2026-03-field-notes.json',
      '2026-03-27-rooftop-bees.html',
      '2026-04-02-library-late-opening.txt',
    ];
    const r = loadArticles(names.map(seed), makeContext());
    expect(r.rejected).toEqual([]);
    expect(r.articles).toHaveLength(7);
    for (const a of r.articles) expect(ArticleSchema.safeParse(a).success).toBe(true);
    expect(new Set(r.articles.map((a) => a.slug)).size).toBe(7);
    expect(new Set(r.articles.map((a) => a.id)).size).toBe(7);
  });

  it('ignores hidden files and unknown extensions', () => {
    const r = loadArticles(
      [source('.DS_Store', '\u0000\u0001'), source('notes/.hidden.md', 'x'), source('img/a.png', 'x'), source('README', 'x')],
      makeContext(),
    );
    expect(r).toEqual({ articles: [], rejected: [], records: {}, summaries: new Map(), warnings: [], displaced: [] });
  });

  it('sorts newest first, then by id', () => {
    const r = loadArticles(
      [
        source('b.md', '---\ntitle: B\ndate: 2026-01-02\n---\nx'),
        source('a.md', '---\ntitle: A\ndate: 2026-01-02\n---\nx'),
        source('c.md', '---\ntitle: C\ndate: 2026-03-01\n---\nx'),
      ],
      makeContext(),
    );
    expect(r.articles.map((a) => a.title)).toEqual(['C', 'A', 'B']);
  });
});

describe('a field set to null or left empty', () => {
  // Jekyll and Hugo templates leave `tags:` and `description: ""` empty; JSON producers write null for "none".
  it('is absent, in front matter and in JSON', () => {
    const r = loadArticles(
      [
        source('2026-01-02-empty.md', '---\nlayout: post\ntitle: Empty tags\ndate: 2026-01-02 10:00:00 -0500\ntags:\nauthor: ~\ncategories: null\nsummary:\n---\nBody text.\n'),
        source('j.json', '{"title":"J","image":null,"tags":null,"summary":" ","content":"Body text."}'),
        source('hugo.md', '---\ntitle: "Hugo post"\ndate: 2026-10-20T14:00:00Z\ndescription: ""\ndraft: false\ntags: []\nsummary: "   "\n---\nBody text.\n'),
      ],
      makeContext(),
    );
    expect(r.rejected).toEqual([]);
    expect(r.articles.map((a) => [a.title, a.categories, a.authors, a.image]).sort()).toEqual([
      ['Empty tags', [], [], undefined],
      ['Hugo post', [], [], undefined],
      ['J', [], [], undefined],
    ]);
    expect(r.articles.every((a) => a.summary === undefined)).toBe(true);
  });

  it('is absent inside an author, an enclosure or a list too', () => {
    const front = [
      'author: { name: Ann, email: null, url: }',
      'authors: [Bob, null, ""]',
      'categories: [News, null]',
      'tags:\n  - Ports\n  -',
      'enclosure: { url: https://ex.org/a.mp3, length: 10, type: "", duration: null }',
    ];
    const r = loadArticles([source('n.md', `---\ntitle: Nested\n${front.join('\n')}\n---\nBody text.\n`)], makeContext());
    expect(r.rejected).toEqual([]);
    const [a] = r.articles;
    expect(a?.authors.map((p) => p.name)).toEqual(['Ann', 'Bob']);
    expect(a?.categories).toEqual(['News', 'Ports']);
    expect(a?.enclosure).toMatchObject({ url: 'https://ex.org/a.mp3', length: 10, type: 'audio/mpeg' });
    expect(r.warnings).toEqual([]);
  });
});

describe('a title derived from the text', () => {
  it('leaves out the dateline and byline, for .txt and JSON content_text alike', () => {
    const txt = only(loadArticles([source('a.txt', 'WASHINGTON (AP) — The Senate passed the bill on Tuesday. The vote was 79-18.\n')], makeContext()));
    expect(txt.title).toBe('The Senate passed the bill on Tuesday');
    const json = JSON.stringify({ date: '2026-03-11T08:00:00Z', content_text: 'By Anna Berg\n\nTOKYO (AP) — Japan’s Nikkei hit a record high on Thursday. Exporters led gains.' });
    expect(only(loadArticles([source('d.json', json)], makeContext())).title).toBe('Japan’s Nikkei hit a record high on Thursday');
  });
});

describe('an article\'s lang', () => {
  it('refuses a language name as it refuses en_US, naming the field', () => {
    for (const lang of ['english', 'en_US']) {
      const r = loadArticles([source('en.md', `---\ntitle: Budget\nlang: ${lang}\n---\nThe minister said inflation would fall.\n`)], makeContext());
      expect(r.articles, lang).toHaveLength(0);
      expect(String(r.rejected[0]?.message), lang).toMatch(/lang/);
    }
  });
});
