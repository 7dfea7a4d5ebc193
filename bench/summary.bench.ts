/**
 * Summary quality benchmark on BBC News Summary: ROUGE F1 of our summarizer,
 * Lead and plain TextRank at a 3-sentence budget and at the reference length
 * in words. Run with `npm run bench:summary`; set FEEDWRIGHT_BBC_DIR to use
 * another copy of the dataset.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lead, summarize, textRank, type SummaryBudget } from '../src/summarize/index.js';
import { type BbcItem, countWhitespaceWords, loadBbc } from './summary/dataset.js';
import { rougeScores } from './summary/rouge.js';

type Method = (item: BbcItem, budget: SummaryBudget) => string;

const METHODS: ReadonlyArray<readonly [string, Method]> = [
  ['feedwright (ours)', (item, budget) => summarize(item.body, { ...budget, title: item.title })],
  ['Lead', (item, budget) => lead(item.body, budget)],
  ['TextRank (plain, ours)', (item, budget) => textRank(item.body, budget)],
];

const BUDGETS: ReadonlyArray<readonly [string, (item: BbcItem) => SummaryBudget]> = [
  ['3 sentences', () => ({ sentences: 3 })],
  ['reference length in words, cut at a sentence boundary', (item) => ({ words: Math.max(1, item.referenceWords) })],
];

interface Row {
  method: string;
  rouge1: number;
  rouge2: number;
  rougeL: number;
  words: number;
  perSecond: number;
}

function evaluate(items: readonly BbcItem[], method: Method, budgetOf: (item: BbcItem) => SummaryBudget, name: string): Row {
  // Warm-up so JIT compilation does not count against the timed pass.
  for (let i = 0; i < Math.min(200, items.length); i++) {
    const item = items[i] as BbcItem;
    method(item, budgetOf(item));
  }
  const summaries: string[] = [];
  const started = process.hrtime.bigint();
  for (const item of items) summaries.push(method(item, budgetOf(item)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let r1 = 0;
  let r2 = 0;
  let rl = 0;
  let words = 0;
  for (let i = 0; i < items.length; i++) {
    const summary = summaries[i] as string;
    const scores = rougeScores(summary, (items[i] as BbcItem).reference);
    r1 += scores.rouge1;
    r2 += scores.rouge2;
    rl += scores.rougeL;
    words += countWhitespaceWords(summary);
  }
  const count = items.length;
  return {
    method: name,
    rouge1: (100 * r1) / count,
    rouge2: (100 * r2) / count,
    rougeL: (100 * rl) / count,
    words: words / count,
    perSecond: count / seconds,
  };
}

function table(rows: readonly Row[]): string {
  const lines = [
    '| method | ROUGE-1 | ROUGE-2 | ROUGE-L | words per summary | articles/s |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.method} | ${r.rouge1.toFixed(1)} | ${r.rouge2.toFixed(1)} | ${r.rougeL.toFixed(1)} | ${Math.round(r.words)} | ${Math.round(r.perSecond).toLocaleString('en-US')} |`,
    );
  }
  return lines.join('\n');
}

function main(): void {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const dir = process.env.FEEDWRIGHT_BBC_DIR ?? join(repoRoot, '..', 'shared', 'datasets', 'bbc-news-summary');
  const items = loadBbc(dir);
  if (items === null || items.length === 0) {
    console.log(`BBC News Summary dataset not found at ${dir}; set FEEDWRIGHT_BBC_DIR to run the summary benchmark.`);
    return;
  }
  console.log(`# Summary benchmark: BBC News Summary, ${items.length} articles (${dir})\n`);
  console.log('ROUGE F1 × 100 (lowercase, alphanumeric tokens, Porter stemming, ROUGE-L = whole-text LCS);');
  console.log('articles/s = summarizer time only, one core.\n');
  for (const [label, budgetOf] of BUDGETS) {
    const rows = METHODS.map(([name, method]) => evaluate(items, method, budgetOf, name));
    console.log(`## Budget: ${label}\n`);
    console.log(table(rows));
    console.log('');
  }
  const baselines = join(dir, 'BASELINES.md');
  if (existsSync(baselines)) {
    console.log(`## Published reference figures (sumy, Python), from ${baselines}\n`);
    for (const line of readFileSync(baselines, 'utf8').split('\n')) {
      if (/^\| (method|---|Lead|sumy)/.test(line)) console.log(line);
    }
  }
}

main();
