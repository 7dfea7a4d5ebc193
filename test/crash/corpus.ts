import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every article carries `date` and `updated`, so the site a run produces depends on the input only,
 * not on when each article was first seen: that is what lets a recovered site be compared byte for
 * byte with a clean build made later.
 */
function article(title: string, date: string, updated: string, categories: string[], body: string): string {
  return `---\ntitle: ${title}\ndate: ${date}\nupdated: ${updated}\ncategories: [${categories.join(', ')}]\n---\n\n${body}\n`;
}

export type Corpus = Record<string, string>;

/** Three articles (one in a sub-folder), two categories (one, `weather`, held by one article only). */
export const BASE: Corpus = {
  'alpha.md': article('Harbour cranes return', '2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z', ['harbour'],
    'The port reopened the northern quay on Monday. Shipping lines expect shorter waits. The refit took two years.'),
  'beta.md': article('City council backs ferry plan', '2026-03-02T08:00:00Z', '2026-03-02T08:00:00Z', ['harbour'],
    'The council voted for a new ferry line. It will link the old town with the docks. Service starts in spring.'),
  'news/delta.md': article('Storm warning for the coast', '2026-03-04T08:00:00Z', '2026-03-04T08:00:00Z', ['weather'],
    'Forecasters warned of gales along the coast. Ferries may be cancelled. The storm should pass by Sunday.'),
};

/** A later input: one article added, one edited, one removed (its category goes too). */
export const LATER: Corpus = {
  ...Object.fromEntries(Object.entries(BASE).filter(([name]) => name !== 'news/delta.md')),
  'beta.md': article('City council backs ferry plan', '2026-03-02T08:00:00Z', '2026-03-05T09:00:00Z', ['harbour'],
    'The council voted for a new ferry line. It will link the old town with the docks. Service starts in spring. Fares were set on Thursday.'),
  'epsilon.md': article('Comet visible tonight', '2026-03-05T08:00:00Z', '2026-03-05T08:00:00Z', ['harbour'],
    'A bright comet can be seen after dusk. Astronomers suggest looking west. Binoculars help.'),
};

/** The word that must vanish from every published byte once the author withdraws the change. */
export const RETRACTED_MARK = 'Zebulon';

/** A change the author withdraws: an edit to a text that must not stay published, and a new story. */
export const RETRACTED: Corpus = {
  ...BASE,
  'beta.md': article('City council backs ferry plan', '2026-03-02T08:00:00Z', '2026-03-05T09:00:00Z', ['harbour'],
    `The council voted for a new ferry line. Councillor ${RETRACTED_MARK} took bribes for it, sources said. Service starts in spring.`),
  'zeta.md': article(`${RETRACTED_MARK} resigns`, '2026-03-05T10:00:00Z', '2026-03-05T10:00:00Z', ['scandal'],
    `Councillor ${RETRACTED_MARK} resigned tonight. The claim was later found false. Nobody took bribes.`),
};

/** Makes `dir` hold exactly `corpus` (files not in it are deleted), as an author editing the folder would. */
export async function writeCorpus(dir: string, corpus: Corpus, previous: Corpus = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of Object.keys(previous)) {
    if (!(name in corpus)) await rm(path.join(dir, name), { force: true });
  }
  for (const [name, body] of Object.entries(corpus)) {
    if (previous[name] === body) continue;
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), body);
  }
}
