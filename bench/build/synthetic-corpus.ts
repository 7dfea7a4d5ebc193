import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TOPICS = ['science', 'technology', 'politics', 'business', 'culture', 'sport', 'health', 'climate'];
// A Zipf-like vocabulary of 4,000 pseudo-words: real text repeats a few words often and most rarely.
// (A 20-word vocabulary made every sentence similar to every other, which no news text does, and
// turned the summarizer's sentence graph into its worst case.)
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'an', 'sul', 'ro', 'vin', 'de', 'po', 'shi', 'gar', 'nu', 'el', 'tra', 'bo'];
const COMMON = 'the of and to in a is that for on with as was at by from has said new year city council report'.split(' ');
const WORDS: string[] = [...COMMON];
for (let i = 0; WORDS.length < 4_000; i++) {
  let word = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  WORDS.push(word);
}

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
  // rand()^3 skews picks towards the front of the list (common words), roughly like Zipf's law.
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() ** 3 * WORDS.length)] as string);
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
