import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { parseFeed, parseOpml } from 'feedsmith';
import Parser from 'rss-parser';
import { expect } from 'vitest';
import { publishSite } from '../../src/publish/publish.js';
import { parseConfig } from '../../src/config/config.js';
import { fixedClock } from '../../src/clock/clock.js';
import { silentLogger } from '../../src/publish/logger.js';
import { createMemoryStore, type Store } from '../../src/storage/index.js';

export const SEEDS_DIR = fileURLToPath(new URL('../../seeds/', import.meta.url));

/** False while `publishSite` is still the "not implemented" stub, so dependent tests skip instead of failing. */
export async function publishIsImplemented(): Promise<boolean> {
  try {
    await publishSite({
      config: parseConfig({}),
      input: createMemoryStore(),
      output: createMemoryStore(),
      state: createMemoryStore(),
      clock: fixedClock('2025-03-01T00:00:00Z'),
      log: silentLogger,
    });
    return true;
  } catch (error) {
    return !(error instanceof Error && /not implemented/i.test(error.message));
  }
}

export const HARBOUR_FILE = 'harbour-cranes.txt';

/** The seeds plus two small articles, copied to a temp folder the test may edit. */
export async function makeInputFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-input-'));
  await cp(SEEDS_DIR, dir, { recursive: true });
  await writeFile(
    path.join(dir, HARBOUR_FILE),
    'Harbour cranes return to Lisbon docks\n\n' +
      'The port authority reopened the northern quay on Monday after a two-year refit of its cranes.\n\n' +
      'Shipping lines said the extra capacity would shorten waiting times for container vessels.\n',
  );
  await writeFile(
    path.join(dir, 'orchard-frost.txt'),
    'Late frost threatens apple orchards\n\n' +
      'Growers in the valley lit fires between the rows overnight as temperatures fell below zero.\n\n' +
      'Agronomists expect losses to stay small if the blossoms were not yet fully open.\n',
  );
  return dir;
}

/** Appends a paragraph to one article, changing its content hash but not its title or slug. */
export async function editHarbourArticle(dir: string): Promise<void> {
  await writeFile(
    path.join(dir, HARBOUR_FILE),
    'Harbour cranes return to Lisbon docks\n\n' +
      'The port authority reopened the northern quay on Monday after a two-year refit of its cranes.\n\n' +
      'Shipping lines said the extra capacity would shorten waiting times for container vessels.\n\n' +
      'A second quay is due to reopen in the autumn, the authority added in a later statement.\n',
  );
}

export async function snapshot(store: Store): Promise<Map<string, string>> {
  const objects = new Map<string, string>();
  for (const key of await store.list('')) {
    objects.set(key, Buffer.from((await store.read(key)) ?? []).toString('base64'));
  }
  return objects;
}

export function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((key) => before.get(key) !== after.get(key)).sort();
}

/** Fetches the three feeds and the OPML over plain HTTP and checks each with parsers other than ours. */
export async function expectValidFeedsOverHttp(baseUrl: string, expectedItems: number): Promise<Record<string, string>> {
  const bodies: Record<string, string> = {};
  for (const name of ['feed.xml', 'atom.xml', 'feed.json', 'feeds.opml']) {
    const response = await fetch(`${baseUrl}${name}`);
    expect(response.status, name).toBe(200);
    bodies[name] = await response.text();
  }
  const rss = bodies['feed.xml'] ?? '';
  const atom = bodies['atom.xml'] ?? '';
  const json = bodies['feed.json'] ?? '';
  const opml = bodies['feeds.opml'] ?? '';

  expect(XMLValidator.validate(rss)).toBe(true);
  expect(XMLValidator.validate(atom)).toBe(true);
  expect(XMLValidator.validate(opml)).toBe(true);

  const rssParsed = parseFeed(rss);
  expect(rssParsed.format).toBe('rss');
  const atomParsed = parseFeed(atom);
  expect(atomParsed.format).toBe('atom');
  const jsonParsed = parseFeed(JSON.parse(json));
  expect(jsonParsed.format).toBe('json');
  expect(parseOpml(opml).body?.outlines?.length ?? 0).toBeGreaterThan(0);

  const parser = new Parser();
  const rssByRssParser = await parser.parseString(rss);
  const atomByRssParser = await parser.parseString(atom);
  expect(rssByRssParser.items).toHaveLength(expectedItems);
  expect(atomByRssParser.items).toHaveLength(expectedItems);
  expect((JSON.parse(json) as { items: unknown[] }).items).toHaveLength(expectedItems);
  for (const item of rssByRssParser.items) {
    expect(item.title).toBeTruthy();
    expect(item.link).toMatch(/^https?:\/\//);
  }
  return bodies;
}
