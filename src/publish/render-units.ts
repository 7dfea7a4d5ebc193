import { FeedwrightError } from '../errors/index.js';
import type { OutputObject } from './sync-objects.js';

/**
 * The three stages of a site's writes, each a list of units. Units of one stage are independent (any
 * worker may run them in any order, in parallel); a stage starts only when the one before has been
 * written whole. Within a unit, objects are written in plan order.
 * - stage 1: referenced files (`assets/`) and article pages, cut into units of at most `pageBatch`;
 * - stage 2: one unit per category: its feed archives, current documents and listing pages;
 * - stage 3: site feeds, OPML, index pages, sitemap, `robots.txt`, the feed stylesheet, in one unit.
 * This keeps `planSite`'s safe order: no feed or listing is written before the pages and archives it links.
 */
export type RenderStages = [OutputObject[][], OutputObject[][], OutputObject[][]];

/** A plan that does not come in `planSite`'s order (a bug: the cut would break the safe write order). */
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

const CATEGORY_OBJECT = /^categories\/([^/]+)\//;
const STAGE_ONE_PHASES = new Set(['assets', 'pages']);

/** Which stage an object belongs to and, for stage 2, its category slug. */
function placeOf(object: OutputObject): { stage: 1 | 2 | 3; category?: string } {
  if (object.phase !== undefined && STAGE_ONE_PHASES.has(object.phase)) return { stage: 1 };
  const category = CATEGORY_OBJECT.exec(object.key)?.[1];
  return category === undefined ? { stage: 3 } : { stage: 2, category };
}

/**
 * Cuts objects in publish order (assets, then `planSite`'s order) into render units. Deterministic: the
 * same objects and `pageBatch` give the same units, so a worker that plans the site again finds its unit
 * by stage and index. Refuses a plan whose stages or categories are interleaved.
 */
export function cutUnits(objects: OutputObject[], pageBatch = Number.POSITIVE_INFINITY): RenderStages {
  if (!(pageBatch >= 1)) throw new RangeError(`pageBatch must be at least 1, got ${pageBatch}`);
  const stages: RenderStages = [[], [], []];
  let stage = 1;
  const categoriesDone = new Set<string>();
  let category: string | undefined;
  for (const object of objects) {
    const place = placeOf(object);
    if (place.stage < stage) throw new UnitCutError(object.key, `a stage ${place.stage} object after stage ${stage} began`);
    stage = place.stage;
    const units = stages[place.stage - 1] as OutputObject[][];
    if (place.stage === 1) {
      const last = units[units.length - 1];
      if (last && last.length < pageBatch) last.push(object);
      else units.push([object]);
    } else if (place.stage === 2) {
      if (place.category !== category) {
        if (categoriesDone.has(place.category as string)) throw new UnitCutError(object.key, `category ${place.category} is split in two runs`);
        if (category !== undefined) categoriesDone.add(category);
        category = place.category;
        units.push([]);
      }
      (units[units.length - 1] as OutputObject[]).push(object);
    } else {
      if (units.length === 0) units.push([]);
      (units[0] as OutputObject[]).push(object);
    }
  }
  return stages;
}
