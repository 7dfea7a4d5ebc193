import { escapeHtml } from '../markup/index.js';
import { textDirection } from '../articles/language-tag.js';

// Plain CSS inline in every page: no external assets to publish or cache, readable without XSLT or JS.
const CSS = `body{font:16px/1.6 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}
a{color:#0b57d0}header,footer{color:#555;font-size:.9rem}h1{line-height:1.25}header h1{color:#1b1b1b;font-size:2rem}
ul.items{list-style:none;padding:0}ul.items li{margin:0 0 1.5rem}.meta{color:#666;font-size:.85rem}
.feeds a{margin-right:.75rem}img{max-width:100%;height:auto}
@media (prefers-color-scheme:dark){body{background:#121212;color:#e6e6e6}header h1{color:#e6e6e6}a{color:#8ab4f8}.meta,header,footer{color:#aaa}}`;

export interface AlternateLink {
  type: string;
  title: string;
  href: string;
}

/** OpenGraph properties of a page (https://ogp.me/): what link previews show. */
export interface OpenGraph {
  type: 'website' | 'article';
  title: string;
  url: string;
  siteName: string;
  description?: string;
  image?: string;
  publishedTime?: string;
}

// Link previews cut descriptions far shorter than this; the cap keeps a 1,000-character summary's page head small.
const DESCRIPTION_CHARS = 300;

function metaTags(description: string | undefined, og: OpenGraph | undefined): string {
  const tags: string[] = [];
  const short = description === undefined ? undefined : cutText(description.replace(/\s+/g, ' ').trim(), DESCRIPTION_CHARS);
  if (short) tags.push(`<meta name="description" content="${escapeHtml(short)}">`);
  if (og) {
    const property = (name: string, value: string | undefined) => {
      if (value) tags.push(`<meta property="${name}" content="${escapeHtml(value)}">`);
    };
    property('og:type', og.type);
    property('og:title', og.title);
    property('og:url', og.url);
    property('og:site_name', og.siteName);
    property('og:description', short);
    property('og:image', og.image);
    property('article:published_time', og.publishedTime);
  }
  return tags.map((t) => `\n${t}`).join('');
}

function cutText(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * ` lang="…"` (and ` dir="…"` when the direction differs) for the text of an entry (its title, its summary, not
 * the page's words around them) on a page in `pageLang` whose own language is `lang`: '' when they are the
 * same, so a reader's screen reader and the layout follow the entry.
 */
export function entryLanguageAttributes(lang: string | undefined, pageLang: string): string {
  if (lang === undefined || lang.toLowerCase() === pageLang.toLowerCase()) return '';
  const dir = textDirection(lang);
  return ` lang="${escapeHtml(lang)}"${dir === textDirection(pageLang) ? '' : ` dir="${dir}"`}`;
}

export function renderPage(args: {
  lang: string;
  title: string;
  alternates: AlternateLink[];
  canonical?: string;
  description?: string;
  openGraph?: OpenGraph;
  body: string;
}): string {
  const links = args.alternates
    .map((a) => `<link rel="alternate" type="${escapeHtml(a.type)}" title="${escapeHtml(a.title)}" href="${escapeHtml(a.href)}">`)
    .join('\n');
  const canonical = (args.canonical ? `\n<link rel="canonical" href="${escapeHtml(args.canonical)}">` : '') + metaTags(args.description, args.openGraph);
  return `<!doctype html>
<html lang="${escapeHtml(args.lang)}"${textDirection(args.lang) === 'rtl' ? ' dir="rtl"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(args.title)}</title>${canonical}
${links}
<style>${CSS}</style>
</head>
<body>
${args.body}
</body>
</html>
`;
}

export function feedAlternates(siteTitle: string, urls: { rss: string; atom: string; json: string }): AlternateLink[] {
  return [
    { type: 'application/rss+xml', title: `${siteTitle} (RSS)`, href: urls.rss },
    { type: 'application/atom+xml', title: `${siteTitle} (Atom)`, href: urls.atom },
    { type: 'application/feed+json', title: `${siteTitle} (JSON Feed)`, href: urls.json },
  ];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * `27 November 2026`, always in UTC so pages don't depend on the machine's time zone. Formatted by
 * hand: `toLocaleDateString` costs ~0.1 ms a call, which dominated building 10,000 pages.
 */
export function displayDate(iso: string): string {
  const date = new Date(iso);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
