import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/summarize/index.js';
import { MAX_SENTENCE_CHARS, MAX_SENTENCE_WORDS } from '../../src/summarize/budget.js';

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

describe('summary budgets whatever the punctuation', () => {
  // About 2 MB in one line without a sentence terminator: the splitter sees a single "sentence".
  const line = 'alpha beta gamma delta epsilon '.repeat(70_000).trim();

  it('cuts a 2 MB unpunctuated line to the word budget', () => {
    expect(line.length).toBeGreaterThan(2_000_000);
    const summary = summarize(line, { words: 40 });
    expect(summary.endsWith('…')).toBe(true);
    // 40 words: the last one carries the ellipsis.
    expect(words(summary)).toHaveLength(40);
    expect(summary.startsWith('alpha beta gamma delta epsilon alpha')).toBe(true);
  });

  it('caps each sentence under a sentence budget at 100 words and 1,000 characters', () => {
    const summary = summarize(line, { sentences: 3 });
    expect(words(summary).length).toBeLessThanOrEqual(MAX_SENTENCE_WORDS);
    expect(summary.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('cuts one enormous word by characters', () => {
    const summary = summarize('x'.repeat(2_000_000));
    expect(summary).toBe(`${'x'.repeat(MAX_SENTENCE_CHARS - 1)}…`);
  });

  it('leaves ordinary sentences whole', () => {
    const text = 'The council approved the budget on Monday. Residents welcomed the decision. Critics said it came too late.';
    for (const s of words(summarize(text, { sentences: 2 }))) expect(s.endsWith('…')).toBe(false);
  });
});

describe('a lead longer than the word budget', () => {
  it('is cut to the budget rather than passed over for a short later sentence', () => {
    const text =
      'The city council voted late on Tuesday, after a nine-hour session with testimony from hundreds of residents and business owners, to approve a sweeping rezoning plan allowing taller apartment buildings near every subway station. The mayor praised the vote.';
    const summary = summarize(text, { words: 30 });
    expect(summary.startsWith('The city council voted late on Tuesday')).toBe(true);
    expect(summary.endsWith('…')).toBe(true);
    expect(words(summary).length).toBeLessThanOrEqual(30);
  });

  it('is cut the same whichever words the term model knows', () => {
    // Chinese tagged with an English site's default: the English model reads the lead as one "word" of
    // content, the neutral model as dozens of character pairs; the lead is over the budget either way.
    const chinese = '今天上午市政府宣布了新的交通计划。市长表示满意。';
    for (const lang of ['zh', 'en']) expect(summarize(chinese, { lang, words: 8 }), lang).toBe('今天上午市政府宣…');
    // A lead of English function words has almost no English content terms, and many neutral ones.
    const english = 'All of this was as it had been, and as it is now, and so it will be for all of us. The mayor praised the vote.';
    for (const lang of ['en', 'nl']) expect(summarize(english, { lang, words: 8 }), lang).toBe('All of this was as it had been…');
  });

  it('in Chinese, where each character counts as a word, at the default budget', () => {
    const lead = '国家统计局周二公布的数据显示，中国第一季度国内生产总值同比增长百分之五点三，高于市场预期，分析人士认为出口强劲和消费回暖是主要原因，但房地产市场仍面临较大压力。';
    const summary = summarize(`${lead}统计局发言人表示经济运行开局良好。`, { lang: 'zh' });
    expect(summary.startsWith('国家统计局周二公布的数据显示')).toBe(true);
    expect(summary).not.toContain('统计局发言人表示');
  });
});
