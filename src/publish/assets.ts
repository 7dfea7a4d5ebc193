// The modules, not the feeds' index: the output namespace (a no-change run) needs ASSETS_PREFIX without the renderers.
import { mediaTypeOfPath } from '../feeds/media-type.js';
import { absoluteUrl } from '../feeds/site-paths.js';
// The leaf module, not the articles' index: the quick check loads this file (ASSETS_PREFIX) without the parsers.
import { pendingPageUrl } from '../articles/pending-page.js';

/**
 * Local files an article references (images, PDFs, audio, video next to its source) are published under
 * `assets/<input path>` and the article's links point there. The articles module has already resolved
 * relative references against the article's page (`<site>/articles/<slug>.html`); this maps such a URL
 * back to the input file it meant, relative to the source's own folder.
 */
export const ASSETS_PREFIX = 'assets/';

export function assetKey(inputKey: string): string {
  return `${ASSETS_PREFIX}${inputKey}`;
}

/** Absolute URL of a published asset; each segment encoded, so `#` or `?` in a file name stays a name. */
export function assetUrl(siteUrl: string, inputKey: string): string {
  return absoluteUrl(siteUrl, assetKey(inputKey).split('/').map(encodeURIComponent).join('/'));
}

export interface LocalizedContent {
  contentHtml: string;
  image?: string;
  enclosureUrl?: string;
  /** Input keys of the files referenced and found (to publish). */
  assets: string[];
  /** Input paths referenced but absent from the input (reported; the link is left as it was). */
  missing: string[];
}

function normalize(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** The input file a site URL refers to, or undefined when the URL is not a local file reference. */
function referencedInputPath(url: string, siteUrl: string, sourcePath: string, exists: (key: string) => boolean): { candidates: string[]; wholeTail: boolean } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const site = new URL(siteUrl);
  if (parsed.origin !== site.origin) return undefined;
  if (!parsed.pathname.startsWith(site.pathname)) {
    // A root-relative reference (`/media/pic.png`) on a site below its host's root (`https://host/blog/`)
    // resolves above the site. It names an input file only when that file exists (the input's root is the
    // site's): then it is published like any other; else it is a link to the rest of the host, left alone.
    const fromRoot = normalize(decodePath(parsed.pathname));
    const found = fromRoot === undefined || parsed.search !== '' || parsed.hash !== '' ? undefined : existing(fromRoot, exists);
    return found !== undefined && mediaTypeOfPath(found) !== undefined ? { candidates: [found], wholeTail: false } : undefined;
  }
  const path = decodePath(parsed.pathname.slice(site.pathname.length));
  // A name written in `<…>` keeps its `#` and `?` unescaped (`<img/pic #1?.png>`), where a URL parser
  // starts a fragment or query: the whole tail is read as a name too, after the path alone.
  const tail = parsed.search === '' && parsed.hash === '' ? [] : [decodePath(`${parsed.pathname}${parsed.search}${parsed.hash}`.slice(site.pathname.length))];
  const folder = sourcePath.includes('/') ? sourcePath.slice(0, sourcePath.lastIndexOf('/') + 1) : '';
  let named: { candidates: string[]; wholeTail: boolean } | undefined;
  for (const name of [path, ...tail]) {
    // By the decoded name's own extension: judged as a URL, `pic #1?.png` named no file, and the
    // reference was left unpublished without a warning.
    if (name.startsWith(ASSETS_PREFIX) || mediaTypeOfPath(name) === undefined) continue;
    // Resolved against `articles/<page>`: the same reference from the source's folder.
    const fromArticles = name.startsWith('articles/') ? name.slice('articles/'.length) : `../${name}`;
    const candidates = [normalize(`${folder}${fromArticles}`), normalize(name)].filter((c): c is string => c !== undefined && c !== '');
    const found = candidates.map((c) => existing(c, exists)).find((c) => c !== undefined);
    const wholeTail = name !== path;
    if (found) return { candidates: [found], wholeTail };
    named ??= { candidates, wholeTail };
  }
  return named;
}

/**
 * The input key `name` denotes: itself, or the one that differs only in Unicode normalization (macOS
 * stores `café.png` decomposed, NFD; an editor types it composed, NFC), so a link typed either way
 * finds its file. `exists` is asked for the name's NFC and NFD forms as well.
 */
function existing(name: string, exists: (key: string) => boolean): string | undefined {
  if (exists(name)) return name;
  for (const form of [name.normalize('NFC'), name.normalize('NFD')]) if (form !== name && exists(form)) return form;
  return undefined;
}

/**
 * Percent-escapes decoded where they are escapes; a `%` that starts none stays itself. Markdown leaves a
 * file name's `%` as written (`<img dir/50%.png>`), and a strict decoder refused the whole path, leaving
 * the file unpublished and its link broken without a warning.
 */
function decodePath(path: string): string {
  return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // Not UTF-8 (e.g. a Latin-1 `%E9`): kept as written.
      return run;
    }
  });
}

const ATTRIBUTE = /\b(src|href|poster)="([^"]*)"/g;
const decodeAmp = (s: string) => s.replaceAll('&amp;', '&');
const encodeAmp = (s: string) => s.replaceAll('&', '&amp;');

/**
 * The raw (still `&amp;`-encoded) attribute values of sanitized HTML that `localizeAssets` could rewrite:
 * what a run keeps of an article's HTML when it drops the HTML itself (a large build; see
 * `releaseProcessedContent`), so the article's referenced files are still known. Values still naming the
 * placeholder page are kept whatever they look like: they are resolved against the real page first.
 */
export function siteReferences(contentHtml: string, siteUrl: string): string[] {
  const placeholder = pendingPageUrl(siteUrl);
  const references: string[] = [];
  for (const match of contentHtml.matchAll(ATTRIBUTE)) {
    const raw = match[2] as string;
    if (raw.includes(placeholder) || referencedInputPath(decodeAmp(raw), siteUrl, '', () => false) !== undefined) references.push(raw);
  }
  return references;
}

/**
 * Rewrites the local-file references of one article's sanitized HTML and image to their published
 * `assets/` URLs. `files` holds the input keys that exist (besides articles). `references`: the raw
 * attribute values of HTML no longer in hand (see {@link siteReferences}), counted as the HTML's own.
 */
export function localizeAssets(
  content: { contentHtml: string; image?: string; enclosureUrl?: string; references?: string[] },
  sourcePath: string,
  siteUrl: string,
  files: ReadonlySet<string>,
): LocalizedContent {
  const assets = new Set<string>();
  const missing = new Set<string>();
  const localize = (url: string): string => {
    const ref = referencedInputPath(url, siteUrl, sourcePath, (k) => files.has(k));
    if (!ref) return url;
    const [found] = ref.candidates;
    if (found !== undefined && existing(found, (k) => files.has(k)) === found) {
      assets.add(found);
      // A query or fragment after the name is kept (`map.png#top`); one that was part of the name is not.
      const suffix = ref.wholeTail ? '' : url.slice(url.search('[?#]') === -1 ? url.length : url.search('[?#]'));
      return assetUrl(siteUrl, found) + suffix;
    }
    if (found !== undefined) missing.add(found);
    return url;
  };
  const contentHtml = content.contentHtml.replace(ATTRIBUTE, (_, name: string, value: string) => `${name}="${encodeAmp(localize(decodeAmp(value)))}"`);
  for (const raw of content.references ?? []) localize(decodeAmp(raw));
  const image = content.image === undefined ? undefined : localize(content.image);
  const enclosureUrl = content.enclosureUrl === undefined ? undefined : localize(content.enclosureUrl);
  return {
    contentHtml,
    ...(image !== undefined ? { image } : {}),
    ...(enclosureUrl !== undefined ? { enclosureUrl } : {}),
    assets: [...assets].sort(),
    missing: [...missing].sort(),
  };
}
