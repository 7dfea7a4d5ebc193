import { FeedwrightError } from '../errors/index.js';
import type { OutputObject } from './sync-objects.js';

/**
 * The stages of a site's writes, each a list of units. Units of one stage are independent (any worker
 * may run them in any order, in parallel); a stage starts only when the one before has been written
 * whole. Within a unit, objects are written in plan order. Every stage is cut into units whose inputs
 * are bounded (`pageBatch` items, see {@link cutUnits}), never one unit per feed or per site:
 * 1. referenced files (`assets/`) and article pages;
 * 2. every feed's archive documents and every listing's older pages (`page/<n>.html`), site's included:
 *    what a current document or a first page links;
 * 3. each category's current documents and first listing page;
 * 4. the site's current documents, OPML, `index.html` (they list the categories) and sitemap parts;
 * 5. `sitemap.xml` (it names the parts and lists every page), `robots.txt` (it names the sitemap) and
 *    the feed stylesheet.
 * So no feed or listing is written before the pages and archives it links, as in `planSite`'s order.
 */
export type RenderStages = OutputObject[][][];

export const RENDER_STAGE_COUNT = 5;

/** An archive page list not newest first (a bug: the cut would split the two pages a new archive page changes). */
export class UnitCutError extends FeedwrightError {
  override readonly name = 'UnitCutError' as const;
  readonly code = 'unit-cut';
  override readonly exitCode = 3;
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`cannot cut the plan into render units at ${key}: ${problem}`);
  }
}

/** How the cut sees a document (objects rendered together, e.g. a feed's three formats) and its size. */
export interface DocumentOf {
  (object: OutputObject): { id: unknown; weight: number };
}

const STAGE_ONE_PHASES = new Set(['assets', 'pages']);
// `<folder>archive/<n>/<file>` and `<folder>page/<n>.html`: documents whose members are fixed by position.
const POSITIONAL = /^(.*?)(archive\/(\d+)\/[^/]+|page\/(\d+)\.html)$/;
const CATEGORY_OBJECT = /^categories\/[^/]+\//;
const SITEMAP_PART = /^sitemaps\//;
const LAST_OBJECTS = new Set(['sitemap.xml', 'robots.txt', 'feed.xsl']);

interface Place {
  stage: number;
  /** Objects of one family stay together as far as the stage allows (see `mayCutBefore`). */
  family: string;
  /** Stage 2: the page number, checked to come newest first. */
  page?: number;
}

function placeOf(object: OutputObject): Place {
  const { key } = object;
  if (object.phase !== undefined && STAGE_ONE_PHASES.has(object.phase)) return { stage: 1, family: key };
  const positional = POSITIONAL.exec(key);
  if (positional) {
    const isArchive = positional[3] !== undefined;
    return { stage: 2, family: `${positional[1]}${isArchive ? 'archive' : 'page'}`, page: Number(positional[3] ?? positional[4]) };
  }
  const category = CATEGORY_OBJECT.exec(key)?.[0];
  if (category !== undefined) return { stage: 3, family: category };
  if (SITEMAP_PART.test(key)) return { stage: 4, family: key };
  if (LAST_OBJECTS.has(key)) return { stage: 5, family: '' };
  return { stage: 4, family: '' };
}

const oneEach: DocumentOf = (object) => ({ id: object, weight: 1 });

/**
 * Sorts objects in publish order (assets, then `planSite`'s order) into stages, keeping their order
 * within a stage, and cuts each stage into units of at most `pageBatch` weight (`documentOf`: items
 * per document; one per object by default), a unit holding at least one document. Deterministic: the
 * same objects and `pageBatch` give the same units. Where a unit may end keeps the write order safe
 * across parallel units: a category's or the site's stage-3/4/5 documents stay in one unit (a first
 * page after its feed; a few bounded documents), and in stage 2 a family's two newest documents stay
 * together, since a new archive page must exist before the page before it links it with `next-archive`.
 */
export function cutUnits(objects: OutputObject[], pageBatch = Number.POSITIVE_INFINITY, documentOf: DocumentOf = oneEach): RenderStages {
  if (!(pageBatch >= 1)) throw new RangeError(`pageBatch must be at least 1, got ${pageBatch}`);
  const staged: { object: OutputObject; place: Place }[][] = Array.from({ length: RENDER_STAGE_COUNT }, () => []);
  for (const object of objects) {
    const place = placeOf(object);
    (staged[place.stage - 1] as { object: OutputObject; place: Place }[]).push({ object, place });
  }
  return staged.map((stage, i) => cutStage(stage, i + 1, pageBatch, documentOf));
}

function cutStage(stage: { object: OutputObject; place: Place }[], number: number, pageBatch: number, documentOf: DocumentOf): OutputObject[][] {
  const units: OutputObject[][] = [];
  let unit: OutputObject[] = [];
  let weight = 0;
  let previous: { id: unknown; family: string } | undefined;
  // Stage 2: pages seen per family, and the family's last page number.
  const seen = new Map<string, { pages: number; page: number }>();
  for (const { object, place } of stage) {
    const document = documentOf(object);
    let pageIndex = 0;
    if (place.page !== undefined) {
      const family = seen.get(place.family);
      if (family !== undefined && place.page > family.page) {
        throw new UnitCutError(object.key, `page ${place.page} of ${place.family} comes after page ${family.page}: pages must come newest first`);
      }
      pageIndex = family === undefined ? 0 : place.page === family.page ? family.pages - 1 : family.pages;
      seen.set(place.family, { pages: pageIndex + 1, page: place.page });
    }
    if (previous === undefined || previous.id !== document.id) {
      const together = previous !== undefined && previous.family === place.family && (number !== 2 || pageIndex < 2);
      if (unit.length > 0 && weight + document.weight > pageBatch && !together) {
        units.push(unit);
        unit = [];
        weight = 0;
      }
      weight += document.weight;
    }
    unit.push(object);
    previous = { id: document.id, family: place.family };
  }
  if (unit.length > 0) units.push(unit);
  return units;
}
