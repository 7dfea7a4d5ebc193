import { type FeedListing, type RenderSource, renderSource, sourceItems } from '../feeds/index.js';
import type { PlannedOutput, RenderJob } from '../publish/render-runner.js';
import type { DocumentOf } from '../publish/render-units.js';
import { type OutputObject, keptUnrendered } from '../publish/sync-objects.js';
import { type ContentRequest, loadPageContents } from '../publish/page-content.js';
import type { Store } from '../storage/store.js';
import { CorruptWorkError } from './fanout-error.js';
import { MemberContentFromSchema, PageContentFromSchema, type StoredSource, type UnitInput, type UnitObject } from './render-work.js';

/**
 * The cut's view of a planned object: objects rendered from one source (a feed document's three
 * formats) are one document, weighed by the items its source holds, so a unit's stored input is
 * bounded by `pageBatch` items whatever the size of the site.
 */
export function documentsOfPlanned(): DocumentOf {
  // A feed document's three formats share one source: built once for the three.
  const weights = new WeakMap<() => RenderSource, number>();
  return (object) => {
    const source = (object as PlannedOutput).source;
    if (source === undefined) return { id: object, weight: 1 };
    let weight = weights.get(source);
    if (weight === undefined) {
      weight = sourceItems(source());
      weights.set(source, weight);
    }
    return { id: source, weight };
  };
}

/** Whether the writer will keep an object unrendered (`syncObjects`' own rule): then its source is not stored. */
function skipped(object: OutputObject, job: Pick<RenderJob, 'previousHashes' | 'previousSignatures' | 'present' | 'force'>): boolean {
  return keptUnrendered(object, { previousHashes: job.previousHashes, previousSignatures: job.previousSignatures, present: (key) => job.present.has(key), force: job.force === true });
}

/** Feed lists met while storing a run's units, each stored once (see `RenderShared`). */
export class SharedLists {
  readonly feedLists: FeedListing[][] = [];
  readonly #at = new Map<FeedListing[], number>();

  /** A source as a unit stores it: a listing page's feed list by its index among the shared lists. */
  stored(source: RenderSource): StoredSource {
    if (source.kind !== 'listing') return source;
    const { footerFeeds, ...listing } = source.listing;
    let feeds = this.#at.get(footerFeeds);
    if (feeds === undefined) {
      feeds = this.feedLists.push(footerFeeds) - 1;
      this.#at.set(footerFeeds, feeds);
    }
    return { kind: 'listing', listing, feeds };
  }
}

/** Whether a stored unit needs the run's shared lists. */
export function needsShared(input: UnitInput): boolean {
  return input.sources.some((s) => typeof s.feeds === 'number');
}

/** A stored source as `renderSource` takes it: a listing page gets its feed list back. */
function restored(source: StoredSource, feedLists: FeedListing[][], inputKey: string): RenderSource {
  if (typeof source.feeds !== 'number') return source as unknown as RenderSource;
  const footerFeeds = feedLists[source.feeds];
  if (footerFeeds === undefined) throw new CorruptWorkError(inputKey, `a listing names shared feed list ${source.feeds}, which the run does not store`);
  const { feeds: _feeds, listing, ...rest } = source;
  return { ...rest, listing: { ...(listing as object), footerFeeds } } as unknown as RenderSource;
}

/**
 * What unit `unit` of stage `stage` stores: its objects, what the last run left for their keys, and the
 * sources of those it must render (each once, shared by the objects rendered together).
 */
export function unitInputOf(objects: OutputObject[], where: { renderId: string; stage: number; unit: number }, job: RenderJob, shared: SharedLists): UnitInput {
  const sources: StoredSource[] = [];
  const sourceAt = new Map<unknown, number>();
  const stored: UnitObject[] = objects.map((object) => {
    const thunk = (object as PlannedOutput).source;
    let source: number | undefined;
    if (!skipped(object, job)) {
      if (thunk === undefined) throw new CorruptWorkError(object.key, 'a planned object that must be rendered says nothing of what it is rendered from');
      source = sourceAt.get(thunk);
      if (source === undefined) {
        source = sources.push(shared.stored(thunk())) - 1;
        sourceAt.set(thunk, source);
      }
    }
    const previousHash = job.previousHashes[object.key];
    const previousSignature = job.previousSignatures[object.key];
    return {
      key: object.key,
      ...(object.phase !== undefined ? { phase: object.phase } : {}),
      ...(object.signature !== undefined ? { signature: object.signature } : {}),
      ...(source !== undefined ? { source } : {}),
      ...(previousHash !== undefined ? { previousHash } : {}),
      ...(previousSignature !== undefined ? { previousSignature } : {}),
      present: job.present.has(object.key),
    };
  });
  return { ...where, site: job.site, force: job.force === true, sources, objects: stored };
}

/** A stored unit as the writer takes it: each source rendered once, on first use, each body handed out once. */
export function unitObjects(input: UnitInput, inputKey: string, feedLists: FeedListing[][] = []): OutputObject[] {
  const rendered = new Map<number, Map<string, string>>();
  const bodyOf = (key: string, source: number | undefined): string => {
    if (source === undefined) throw new CorruptWorkError(inputKey, `${key} must be rendered but its unit stores no source for it`);
    let bodies = rendered.get(source);
    if (bodies === undefined) {
      const data = input.sources[source];
      if (data === undefined) throw new CorruptWorkError(inputKey, `${key} names source ${source}, which the unit does not store`);
      bodies = new Map(renderSource(input.site, restored(data, feedLists, inputKey)).map((o) => [o.key, o.body]));
      rendered.set(source, bodies);
    }
    const body = bodies.get(key);
    if (body === undefined) throw new CorruptWorkError(inputKey, `source ${source} does not render ${key}`);
    bodies.delete(key);
    return body;
  };
  return input.objects.map((o) => ({
    key: o.key,
    body: () => bodyOf(o.key, o.source),
    ...(o.phase !== undefined ? { phase: o.phase } : {}),
    ...(o.signature !== undefined ? { signature: o.signature } : {}),
  }));
}

/** What the last run left for a unit's keys, as `syncObjects` takes it. */
export function unitPrevious(input: UnitInput): { previousHashes: Record<string, string>; previousSignatures: Record<string, string>; present: Set<string>; force: boolean } {
  const previousHashes: Record<string, string> = {};
  const previousSignatures: Record<string, string> = {};
  const present = new Set<string>();
  for (const o of input.objects) {
    if (o.previousHash !== undefined) previousHashes[o.key] = o.previousHash;
    if (o.previousSignature !== undefined) previousSignatures[o.key] = o.previousSignature;
    if (o.present) present.add(o.key);
  }
  return { previousHashes, previousSignatures, present, force: input.force };
}

/**
 * A unit whose content the coordinator did not keep (a large run stores where each page's content, and
 * each current feed document's members', comes from, not the content): read again from the input, the
 * unit's articles at once.
 */
export async function withPageContent(input: UnitInput, store: Store | undefined, inputKey: string): Promise<UnitInput> {
  // Per request: the source it fills and, for a feed document, which of its items.
  const at: { source: number; item?: number }[] = [];
  const requests: ContentRequest[] = [];
  input.sources.forEach((source, i) => {
    if (source.contentFrom === undefined) return;
    if (source.kind === 'page') {
      const from = PageContentFromSchema.safeParse(source.contentFrom);
      if (!from.success) throw new CorruptWorkError(inputKey, `source ${i} says where its content comes from in a form this worker cannot read`);
      at.push({ source: i });
      requests.push(from.data);
    } else if (source.kind === 'current') {
      const from = MemberContentFromSchema.safeParse(source.contentFrom);
      const items = Array.isArray(source.items) ? source.items : [];
      if (!from.success || from.data.some((f) => f.item >= items.length)) throw new CorruptWorkError(inputKey, `source ${i} says where its items' content comes from in a form this worker cannot read`);
      for (const { item, ...request } of from.data) {
        at.push({ source: i, item });
        requests.push(request);
      }
    }
  });
  if (requests.length === 0) return input;
  if (store === undefined) throw new CorruptWorkError(inputKey, 'its articles read their content from the input, and this worker has no input store');
  const html = await loadPageContents(store, input.site.baseUrl, requests);
  const sources = [...input.sources];
  at.forEach((place, n) => {
    const { contentFrom: _from, ...rest } = sources[place.source] as StoredSource;
    const content = html[n] as string;
    if (place.item === undefined) {
      const item = rest.item as Record<string, unknown>;
      sources[place.source] = { ...rest, item: { ...item, contentHtml: content } };
    } else {
      const items = [...(rest.items as Record<string, unknown>[])];
      items[place.item] = { ...items[place.item], contentHtml: content };
      sources[place.source] = { ...rest, items };
    }
  });
  return { ...input, sources };
}
