// Rewrites one existing object and creates new ones through the local store, as fast as it can, while
// another process reads them: what a web server serving the output folder does during a run.
import { createLocalStore } from '../../src/storage/local-store.js';

const [dir = '', rounds = '40'] = process.argv.slice(2);
const store = createLocalStore(dir);
const meta = { contentType: 'application/rss+xml; charset=utf-8', cacheControl: 'public, max-age=900' };

/** A body the reader can check on its own: one repeated letter, its length in the header, `END` last. */
export function body(round: number): string {
  const letter = String.fromCharCode(65 + (round % 26));
  const size = round % 2 === 0 ? 2_000_000 : 700_000;
  return `<${size}:${letter}>${letter.repeat(size)}END`;
}

for (let round = 0; round < Number(rounds); round += 1) {
  await store.write('feed.xml', body(round), meta);
  await store.write(`new/${round}.xml`, body(round), meta);
}
process.stdout.write('done\n');
