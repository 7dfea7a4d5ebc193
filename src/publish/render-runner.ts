import {
  ARCHIVE_FRAGMENT_CHARS,
  LARGE_SITE_ARCHIVE_FRAGMENT_CHARS,
  type PlannedObject,
  type SiteArticle,
  type SiteInfo,
  forgetCheckedItems,
  planSite,
  unloadContent,
  useArchiveFragmentBudget,
} from '../feeds/index.js';
import { CONTENT_IN_MEMORY } from './content-in-memory.js';
import type { Store } from '../storage/store.js';
import type { Logger } from './logger.js';
import { type RenderStages, cutUnits } from './render-units.js';
import { type OutputObject, type SyncResult, keptUnrendered, syncObjects } from './sync-objects.js';

/** Everything the render and write stage needs: what to plan, and what the last run left verified. */
export interface RenderJob {
  site: SiteInfo;
  /** Newest first, as `planSite` takes them; a page to render carries its content, as does a feed member. */
  articles: SiteArticle[];
  /** Which article pages are planned (the others keep their verified copy). */
  renderPage: (article: SiteArticle) => boolean;
  /** The render settings and format version: signs the feeds and listing pages. */
  salt: string;
  /** Referenced files to copy to `assets/`, bytes in hand: written before any page. */
  assets: OutputObject[];
  /** Trusted hashes only (see `trustedHashes`). */
  previousHashes: Record<string, string>;
  previousSignatures: Record<string, string>;
  /** Keys the output lists now. */
  present: Set<string>;
  dryRun?: boolean;
  force?: boolean;
  /** Reads the content of pages the run did not keep (see `SiteArticle.contentFrom`), before they render. */
  loadContent?: (articles: SiteArticle[]) => Promise<void>;
  /**
   * The time the articles were derived at (first-seen and updated dates, held articles) and a hash of
   * everything else they were derived from (see `RenderRunner.runTime`): a runner that plans once and
   * renders over several invocations records it with its plan.
   */
  derived?: { inputs: string; at: Date };
}

/**
 * The port through which the publish use case renders and writes the site. The default runs every unit
 * here, in order; a fan-out implementation runs them as stored units on other workers, stage by stage.
 * Either way the result must be what one `syncObjects` over the whole plan gives: same bytes written,
 * same hashes and signatures.
 */
export interface RenderRunner {
  render(job: RenderJob, deps: { output: Store; log: Logger }): Promise<SyncResult>;
  /**
   * For a runner whose render spans invocations: the time its run in flight over exactly these `inputs`
   * was planned at, which every later invocation of that run derives its articles at (else each would
   * stamp an edited article with its own clock, derive another job and never find its plan); `undefined`
   * when no run over these inputs is in flight (the clock's time is then the run's).
   */
  runTime?(inputs: string): Promise<Date | undefined>;
}

/** A planned object as the writer takes it, with what it is rendered from for a unit on another worker. */
export type PlannedOutput = OutputObject & Pick<PlannedObject, 'source' | 'loads'>;

/**
 * The objects `planSite` plans for a job, as the writer takes them (rendered only when needed);
 * `withSources` for a fan-out that stores what each unit renders.
 */
export function plannedObjects(job: Pick<RenderJob, 'site' | 'articles' | 'renderPage' | 'salt'>, withSources = false): PlannedOutput[] {
  return planSite(job.site, job.articles, { renderPage: job.renderPage, salt: job.salt, withSources }).map(toOutputObject);
}

function toOutputObject(o: PlannedObject): PlannedOutput {
  const object: PlannedOutput = { key: o.key, body: () => o.render(), ...(o.phase ? { phase: o.phase } : {}), ...(o.signature ? { signature: o.signature } : {}) };
  if (o.source) object.source = o.source;
  if (o.loads) object.loads = o.loads;
  return object;
}

/** Renders and writes one unit: its objects in order, unchanged ones skipped as `syncObjects` does. */
export function runUnit(
  objects: OutputObject[],
  job: Pick<RenderJob, 'previousHashes' | 'previousSignatures' | 'present' | 'dryRun' | 'force'>,
  deps: { output: Store; log: Logger },
): Promise<SyncResult> {
  return syncObjects({
    store: deps.output,
    objects,
    previousHashes: job.previousHashes,
    previousSignatures: job.previousSignatures,
    present: job.present,
    log: deps.log,
    ...(job.dryRun ? { dryRun: true } : {}),
    ...(job.force ? { force: true } : {}),
  });
}

/**
 * Unit results in write order, as one result: what a single `syncObjects` over all units would give.
 * The first result (stage 1's pages, the bulk of a site) is extended in place rather than copied.
 */
export function mergeResults(results: SyncResult[]): SyncResult {
  const [merged = { written: [], unchanged: 0, hashes: {}, signatures: {} }, ...rest] = results;
  for (const r of rest) {
    for (const key of r.written) merged.written.push(key);
    merged.unchanged += r.unchanged;
    Object.assign(merged.hashes, r.hashes);
    Object.assign(merged.signatures, r.signatures);
  }
  return merged;
}

// Articles whose content is read again at a time: their sources' HTML is held only for the batch.
const LOAD_BATCH = 256;

/**
 * Runs every unit of every stage here, one after the other. A unit with objects that show content the
 * run did not keep runs in batches of about `LOAD_BATCH` articles: each batch's content is read just
 * before it is written and dropped after (an article in many feeds is read for each), so what is held
 * stays bounded however many pages and feed members the site has. An object the writer keeps unrendered
 * reads nothing. Empties `stages` as it goes.
 */
export async function runStagesHere(stages: RenderStages, job: RenderJob, deps: { output: Store; log: Logger }): Promise<SyncResult> {
  const results: SyncResult[] = [];
  const previous = { previousHashes: job.previousHashes, previousSignatures: job.previousSignatures, present: (key: string) => job.present.has(key), force: job.force === true };
  // Each stage's plan, and each unit of it, is let go once it is written (the stages are this call's to
  // consume): at 100,000 articles the pages' plan (an object, two closures and their contexts per page,
  // ~0.35 KB) was held through the archives, the run's peak. No closure here may capture a unit: once V8 had
  // optimized this function, a unit captured by one stayed in its suspended context (a cold 20,000 build held
  // stage 1's 20,000 planned pages through stage 2; heap snapshot).
  for (let s = 0; s < stages.length; s++) {
    const units = stages[s] as OutputObject[][];
    stages[s] = [];
    for (let u = 0; u < units.length; u++) {
      const unit = units[u] as OutputObject[];
      units[u] = [];
      const load = job.loadContent;
      if (load === undefined || !unit.some(hasLoads)) results.push(await runUnit(unit, job, deps));
      else for (const result of await runInLoadBatches(unit, load, previous, job, deps)) results.push(result);
    }
    // What the writers cached for this stage's documents (an archived item's text is shared by the
    // archives of all its feeds, stage 2) is not needed by the next: no stage's peak holds the last's.
    forgetCheckedItems();
  }
  return mergeResults(results);
}

const hasLoads = (o: OutputObject) => (o as PlannedOutput).loads !== undefined;

/** One unit in batches of about `LOAD_BATCH` articles whose content is read just before they are written. */
async function runInLoadBatches(
  unit: OutputObject[],
  load: (articles: SiteArticle[]) => Promise<void>,
  previous: Parameters<typeof keptUnrendered>[1],
  job: RenderJob,
  deps: { output: Store; log: Logger },
): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  // A feed document's three formats share one `loads` (rendered together): never cut between them.
  const sameDocument = (end: number, start: number) => end > start && (unit[end] as PlannedOutput).loads !== undefined && (unit[end] as PlannedOutput).loads === (unit[end - 1] as PlannedOutput).loads;
  for (let start = 0; start < unit.length; ) {
    const batch = new Set<SiteArticle>();
    let end = start;
    while (end < unit.length && (end === start || batch.size < LOAD_BATCH || sameDocument(end, start))) {
      const object = unit[end++] as PlannedOutput;
      if (object.loads === undefined || keptUnrendered(object, previous)) continue;
      for (const article of object.loads) if (article.contentFrom) batch.add(article);
    }
    const articles = [...batch];
    const from = articles.map((a) => a.contentFrom);
    await load(articles);
    results.push(await runUnit(unit.slice(start, end), job, deps));
    articles.forEach((article, i) => {
      article.contentFrom = from[i];
      unloadContent(article.item);
    });
    start = end;
  }
  return results;
}

/** The writers' budget of content-free fragments for a site of `articles`: smaller where most would not fit anyway. */
export function archiveFragmentChars(articles: number): number {
  return articles > CONTENT_IN_MEMORY ? LARGE_SITE_ARCHIVE_FRAGMENT_CHARS : ARCHIVE_FRAGMENT_CHARS;
}

/**
 * The single-process path: the same stages, run in order in this process, each one unit (nothing to
 * spread), so the writes, their order and the report are those of a fan-out render of the same plan.
 */
export const inProcessRender: RenderRunner = {
  async render(job, deps) {
    useArchiveFragmentBudget(archiveFragmentChars(job.articles.length));
    try {
      return await runStagesHere(cutUnits([...job.assets, ...plannedObjects(job)]), job, deps);
    } finally {
      // The articles outlive the render (report, state): what the writers cached for them need not.
      forgetCheckedItems();
    }
  },
};
