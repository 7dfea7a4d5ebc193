import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TOPICS = ['science', 'technology', 'politics', 'business', 'culture', 'sport', 'health', 'climate'];
const WORDS =
  'council budget research team market energy city report river school data network policy museum league hospital climate transport water study'.split(' ');

/** A deterministic pseudo-random stream (mulberry32), so the corpus is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(rand: () => number): string {
  const n = 8 + Math.floor(rand() * 14);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)] as string);
  const first = words[0] as string;
  words[0] = first[0]?.toUpperCase() + first.slice(1);
  return `${words.join(' ')}.`;
}

export function syntheticArticle(i: number): string {
  const rand = random(i + 1);
  const topic = TOPICS[i % TOPICS.length] as string;
  const day = new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString();
  const paragraphs = Array.from({ length: 4 }, () => Array.from({ length: 3 + Math.floor(rand() * 3) }, () => sentence(rand)).join(' '));
  return `---\ntitle: "Synthetic story ${i}: ${sentence(rand).slice(0, 40)}"\ndate: ${day}\ncategories: [${topic}]\nauthor: Bench Writer\n---\n\n${paragraphs.join('\n\n')}\n`;
}

/** Writes `count` markdown articles (about 2 KB each, like the median BBC article) into `dir`. */
export async function writeSyntheticCorpus(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - i) }, (_, k) => writeFile(join(dir, `story-${String(i + k).padStart(5, '0')}.md`), syntheticArticle(i + k))),
    );
  }
}
