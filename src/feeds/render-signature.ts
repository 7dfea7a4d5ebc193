import { createHash } from 'node:crypto';
import type { Person } from '../articles/article.js';
import type { FeedEnclosure, FeedItem } from './feed-model.js';

/**
 * Every field of a feed item, in a fixed order. Spelled out (and typed so that a new FeedItem field does
 * not compile until it is listed here) because items reach the renderer by two routes, freshly parsed or
 * from the state's cache, whose objects need not share key order: `JSON.stringify(item)` could differ
 * for equal items, and the signature would never match.
 */
function itemFields(item: FeedItem): { [K in keyof Required<FeedItem>]: unknown } {
  return {
    id: item.id,
    title: item.title,
    url: item.url,
    summary: item.summary,
    contentHtml: item.contentHtml,
    published: item.published,
    updated: item.updated,
    authors: item.authors.map(personFields),
    categories: item.categories,
    image: item.image,
    enclosure: item.enclosure && enclosureFields(item.enclosure),
    lang: item.lang,
  };
}

function personFields(p: Person): unknown[] {
  const fields: { [K in keyof Required<Person>]: unknown } = { name: p.name, email: p.email, url: p.url };
  return Object.values(fields);
}

function enclosureFields(e: FeedEnclosure): unknown[] {
  const fields: { [K in keyof Required<FeedEnclosure>]: unknown } = { url: e.url, type: e.type, length: e.length, duration: e.duration };
  return Object.values(fields);
}

const prints = new WeakMap<FeedItem, string>();

const printOf = (item: FeedItem) => createHash('md5').update(JSON.stringify(Object.values(itemFields(item)))).digest('hex');

const contentPrints = new WeakMap<FeedItem, string>();

/**
 * Hash of everything an item can put into a document; computed once per item object. An item whose
 * content print was remembered (see `rememberContentPrint`) is signed by it and its content-free print,
 * so its current documents are signed alike whether its content is in memory or still in its source.
 */
export function itemPrint(item: FeedItem): string {
  let print = prints.get(item);
  if (print === undefined) {
    const content = contentPrints.get(item);
    print = content === undefined ? printOf(item) : createHash('md5').update(contentFreePrint(item)).update(content).digest('hex');
    prints.set(item, print);
  }
  return print;
}

/**
 * What an item's content is made from, when the content itself may not be in memory: the publisher
 * gives every article the print of its source's content hash, where it is read from and the local files
 * its links point at (the HTML is a function of those, the site URL and the format version, which sign
 * every document anyway). Must be remembered before the item is first signed.
 */
export function rememberContentPrint(item: FeedItem, print: string): void {
  contentPrints.set(item, print);
}

const contentFreePrints = new WeakMap<FeedItem, string>();

/**
 * The print of an item without its content: what archives and listing pages show. Memoized apart from
 * `itemPrint`, and never under `itemPrint`'s memo, because an item read from the state gets its content
 * assigned later when a feed shows it; every other field is final when the item is made.
 */
export function contentFreePrint(item: FeedItem): string {
  let print = contentFreePrints.get(item);
  if (print === undefined) {
    print = printOf(item.contentHtml === '' ? item : { ...item, contentHtml: '' });
    contentFreePrints.set(item, print);
  }
  return print;
}

/**
 * An item read from the state with the content-free print stored beside it when it was made: the same
 * fields give the same print, so it is not computed again (10,000 JSON serializations and hashes per run).
 */
export function rememberContentFreePrint(item: FeedItem, print: string): void {
  contentFreePrints.set(item, print);
}

/** Signs a document from the arguments it is rendered from; see {@link createSigner}. */
export interface Signer {
  (...parts: unknown[]): string;
  /**
   * A signer for many documents whose arguments start alike (a listing's feed list, a feed set's
   * channel): `after(a, b)(c, d)` equals `sign(a, b, c, d)`, but the common start is serialized and
   * hashed once instead of once per document (a listing's pages repeat a few KB of feed list each).
   */
  after(...head: unknown[]): (...rest: unknown[]) => string;
}

// One argument as JSON.stringify writes it inside an array, where undefined and functions become null
// (alone they give undefined). Not `JSON.stringify([part]).slice(1, -1)`, which made an array and copied
// the text once more for every part: 15-20% less time per listing page's parts (warm microbenchmark); the
// signing of every listing page and feed set took ~0.5 s of an add-one run at 100,000 articles (profiled).
const element = (part: unknown) => JSON.stringify(part) ?? 'null';

/**
 * Signs documents: a hash of the arguments a document is rendered from (items by their `itemPrint`),
 * salted with the site settings and the caller's version salt. Equal signatures mean equal inputs, so a
 * document whose signature matches the last run's, and whose stored copy is verified, need not be
 * rendered again. MD5 because this is change detection on our own data, never a security check.
 */
export function createSigner(salt: unknown): Signer {
  const prefix = JSON.stringify(salt);
  const sign = (...parts: unknown[]) => createHash('md5').update(prefix).update(JSON.stringify(parts)).digest('hex');
  sign.after = (...head: unknown[]) => {
    // The hash of the text JSON.stringify([...head, ...rest]) would start with, continued per call.
    const started = createHash('md5').update(prefix).update(`[${head.map(element).join(',')}`);
    return (...rest: unknown[]) => {
      const tail = rest.map(element).join(',');
      return started.copy().update(`${head.length > 0 && rest.length > 0 ? ',' : ''}${tail}]`).digest('hex');
    };
  };
  return sign;
}
