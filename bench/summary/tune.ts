/**
 * Grid search over the summarizer weights on BBC News Summary (not part of `bench:summary`):
 * `npx tsx bench/summary/tune.ts '[{"lengthExpSentences":0.5}]'` (STEP=n uses every n-th article;
 * HELDOUT=1 uses all the others instead, to confirm a choice made on the tuning split).
 */
import { join } from 'node:path';
import { DEFAULT_PARAMS, type ScoringParams, summarizeWithParams } from '../../src/summarize/summarize.js';
import { loadBbc } from './dataset.js';
import { rougeScores } from './rouge.js';

const items = (loadBbc(process.env.FEEDWRIGHT_BBC_DIR ?? join(process.cwd(), '..', 'shared', 'datasets', 'bbc-news-summary')) ?? []).filter(
  (_, i) => (i % Number(process.env.STEP ?? 2) === 0) !== (process.env.HELDOUT === '1'),
);
const grid = JSON.parse(process.argv[2] ?? '[{}]') as Partial<ScoringParams>[];
for (const patch of grid) {
  const params = { ...DEFAULT_PARAMS, ...patch };
  const out: string[] = [];
  for (const budget of ['s', 'w'] as const) {
    let r1 = 0;
    let r2 = 0;
    for (const item of items) {
      const opts = budget === 's' ? { sentences: 3 } : { words: item.referenceWords };
      const s = rougeScores(summarizeWithParams(item.body, { ...opts, title: item.title }, params), item.reference);
      r1 += s.rouge1;
      r2 += s.rouge2;
    }
    out.push(`${budget}: ${((100 * r1) / items.length).toFixed(1)}/${((100 * r2) / items.length).toFixed(1)}`);
  }
  console.log(JSON.stringify(patch), out.join('  '));
}
