/**
 * Grid search over the summarizer weights on the tuning sets only (CNN/DM train 100, BBC even half):
 * `npx tsx bench/summary/tune.ts '[{"position":2}]'`. HELDOUT=1 scores the held-out sets instead, to
 * confirm a choice once, not to choose.
 */
import { join } from 'node:path';
import { lead } from '../../src/summarize/index.js';
import { DEFAULT_PARAMS, type ScoringParams, summarizeWithParams } from '../../src/summarize/summarize.js';
import { countWhitespaceWords, loadEvalSets } from './dataset.js';
import { rougeScores } from './rouge.js';

const role = process.env.HELDOUT === '1' ? 'held-out' : 'tuning';
const sets = loadEvalSets(join(process.cwd(), '..', 'shared', 'datasets')).filter((s) => s.role === role);
const grid = JSON.parse(process.argv[2] ?? '[{}]') as (Partial<ScoringParams> | 'lead')[];
const budgets = [{ sentences: 3 }, { words: 60 }];
for (const patch of grid) {
  const params = patch === 'lead' ? DEFAULT_PARAMS : { ...DEFAULT_PARAMS, ...patch };
  const out: string[] = [];
  for (const set of sets) {
    for (const budget of budgets) {
      let r1 = 0;
      let r2 = 0;
      let words = 0;
      for (const item of set.items) {
        const summary =
          patch === 'lead' ? lead(item.body, budget) : summarizeWithParams(item.body, { ...budget, ...(item.title ? { title: item.title } : {}) }, params);
        const s = rougeScores(summary, item.reference);
        r1 += s.rouge1;
        r2 += s.rouge2;
        words += countWhitespaceWords(summary);
      }
      const k = set.items.length;
      out.push(`${((100 * r1) / k).toFixed(2)}/${((100 * r2) / k).toFixed(2)}/${Math.round(words / k)}`);
    }
  }
  console.log(out.join(' '), JSON.stringify(patch));
}
console.log('columns:', sets.map((s) => `${s.name} [3s, 60w]`).join(' | '));
