import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One BBC News Summary item: article title and body, and the reference summary prepared for ROUGE. */
export interface BbcItem {
  readonly key: string;
  readonly title: string;
  readonly body: string;
  readonly reference: string;
  readonly referenceWords: number;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** UTF-8, falling back to Latin-1 (one article in the set, sport/199, is Latin-1). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/**
 * The dataset's summaries run sentences together (`bn.For`); a space after a full
 * stop followed by a capital restores word boundaries, as BASELINES.md did.
 */
export function prepareReference(summary: string): string {
  return summary.replace(/\.(?=[A-Z])/g, '. ').trim();
}

export function countWhitespaceWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

export function loadBbc(dir: string): BbcItem[] | null {
  const articlesDir = join(dir, 'articles');
  const summariesDir = join(dir, 'summaries');
  if (!existsSync(articlesDir) || !existsSync(summariesDir)) return null;
  const items: BbcItem[] = [];
  for (const topic of readdirSync(articlesDir).sort()) {
    for (const file of readdirSync(join(articlesDir, topic)).sort()) {
      if (!file.endsWith('.txt')) continue;
      const article = decodeText(readFileSync(join(articlesDir, topic, file)));
      const summary = decodeText(readFileSync(join(summariesDir, topic, file)));
      const newline = article.indexOf('\n');
      const title = (newline < 0 ? article : article.slice(0, newline)).trim();
      const body = newline < 0 ? '' : article.slice(newline + 1).trim();
      const reference = prepareReference(summary);
      items.push({ key: `${topic}/${file}`, title, body, reference, referenceWords: countWhitespaceWords(reference) });
    }
  }
  return items;
}

/** A news item with a reference summary, from any of the benchmark's datasets. */
export interface NewsItem {
  readonly key: string;
  readonly title?: string;
  readonly body: string;
  readonly reference: string;
}

/** CNN/DailyMail JSONL (`{"id", "article", "reference"}` per line); null when the file is absent. */
export function loadCnnDm(file: string): NewsItem[] | null {
  if (!existsSync(file)) return null;
  const items: NewsItem[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { id: string; article: string; reference: string };
    items.push({ key: row.id, body: row.article, reference: row.reference });
  }
  return items;
}

/** One evaluation set, marked as used for tuning or held out for reporting. */
export interface EvalSet {
  readonly name: string;
  readonly role: 'tuning' | 'held-out';
  readonly items: readonly NewsItem[];
}

/**
 * The sets under `datasetsDir`: CNN/DM train-100 and the even-numbered half of BBC are for tuning,
 * CNN validation and the odd-numbered half of BBC are held out for reporting.
 */
export function loadEvalSets(datasetsDir: string, bbcDir = join(datasetsDir, 'bbc-news-summary')): EvalSet[] {
  const sets: EvalSet[] = [];
  const cnn = join(datasetsDir, 'cnn-dailymail-dev');
  const val = loadCnnDm(join(cnn, 'cnn-validation-1000.jsonl'));
  if (val !== null) sets.push({ name: 'CNN validation 1,000', role: 'held-out', items: val });
  const train = loadCnnDm(join(cnn, 'cnndm-train-100.jsonl'));
  if (train !== null) sets.push({ name: 'CNN/DM train 100', role: 'tuning', items: train });
  const bbc = loadBbc(bbcDir);
  if (bbc !== null && bbc.length > 0) {
    sets.push({ name: 'BBC odd half', role: 'held-out', items: bbc.filter((_, i) => i % 2 === 1) });
    sets.push({ name: 'BBC even half', role: 'tuning', items: bbc.filter((_, i) => i % 2 === 0) });
  }
  return sets;
}
