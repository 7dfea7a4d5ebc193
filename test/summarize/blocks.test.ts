import { describe, expect, it } from 'vitest';
import { summarize, summarizeText } from '../../src/summarize/index.js';

// Text as the build gives it to the summarizer: one block (paragraph, list item, line) per line.
const blocks = (...lines: string[]): string => lines.join('\n\n');

describe('summarize: blocks and fragments', () => {
  it('never glues a heading or subhead to the sentence after it', () => {
    const text = blocks('Background', 'The bridge was built in 1890 by the city council. It carried trains for a century before it closed.');
    expect(summarize(text)).toBe('The bridge was built in 1890 by the city council. It carried trains for a century before it closed.');
    // BBC sport: a score line and a subhead between the title and the report.
    const report = blocks(
      '(after extra-time - score at 90 mins 1-1)',
      'Arsenal win 4-2 on penalties',
      'The goalkeeper saved two penalties as Arsenal reached the quarter-finals. Lauren and Vieira scored from the spot.',
    );
    expect(summarize(report, { sentences: 3 })).toBe(
      'The goalkeeper saved two penalties as Arsenal reached the quarter-finals. Lauren and Vieira scored from the spot.',
    );
  });

  it('finishes a sentence ending in ":" with the list after it, items kept apart', () => {
    const text = blocks('Here is the list:', 'first step is easy', 'second step is harder', 'third step is the hardest');
    const whole = 'Here is the list: first step is easy; second step is harder; third step is the hardest.';
    expect(summarize(text)).toBe(whole);
    expect(summarize(text, { sentences: 3 })).toBe(whole);
    // Cut mid-list, the summary says so.
    expect(summarize(text, { words: 8 })).toBe('Here is the list: first step is easy…');
  });

  it('ends the sentence a list finishes where the list ends, before the next paragraph', () => {
    const text = blocks('The plan has three parts:', 'Schools get new money', 'Roads are repaired', 'Officials said work would start in March.');
    expect(summarize(text, { sentences: 3 })).toBe(
      'The plan has three parts: Schools get new money; Roads are repaired. Officials said work would start in March.',
    );
  });

  it('summarizes a text that is only a list as the list, with "…" when it is cut', () => {
    const list = blocks('apples', 'pears', 'plums', 'cherries', 'figs', 'grapes');
    expect(summarize(list, { sentences: 3 })).toBe('apples; pears; plums; cherries; figs; grapes');
    expect(summarize(list, { words: 3 })).toBe('apples; pears; plums…');
    // A list marker written in the text is not part of the item.
    expect(summarize(blocks('- apples', '- pears'))).toBe('apples; pears');
  });

  it('removes a byline block and the dateline after it', () => {
    const news = 'The government announced a new budget on Monday. Ministers said taxes would not rise.';
    expect(summarize(blocks('By Jane Doe', news))).toBe(news);
    expect(summarize(blocks('By Jane Doe.', news))).toBe(news);
    expect(summarize(blocks('By Jane Doe and John Roe, CNN', `LONDON, England (CNN) -- ${news}`))).toBe(news);
    expect(summarize(blocks('Budget day', `WASHINGTON (AP) — ${news}`))).toBe(news);
    // A sentence that starts with "By" is not a byline.
    const by = 'By Monday the bridge had reopened to traffic.';
    expect(summarize(blocks(by, news))).toContain(by);
  });

  it('joins Chinese and Japanese sentences without a space', () => {
    const text = '市は来年、新しい図書館を開館すると発表した。新しい図書館には十万冊の本が置かれる予定だ。';
    expect(summarize(text, { lang: 'ja' })).toBe(text);
    expect(summarize(blocks('市は来年、新しい図書館を開館すると発表した。', '新しい図書館には十万冊の本が置かれる予定だ。'), { lang: 'ja' })).toBe(text);
  });
});

describe('numbered list items', () => {
  const article = (marker: (n: number) => string): string =>
    'Council sets out budget plan\n\nThe council has published its budget plan for next year. It includes three main measures:\n' +
    `${marker(1)} A freeze on council tax for pensioners\n${marker(2)} New funding for road repairs\n` +
    `${marker(3)} Longer opening hours at libraries\n\nThe plan will be debated next week.\n`;

  it('finish the lead-in like other list items: `1.` is a marker, not a sentence', () => {
    const expected =
      'The council has published its budget plan for next year. It includes three main measures: A freeze on council tax for pensioners; New funding for road repairs; Longer opening hours at libraries. The plan will be debated next week.';
    expect(summarizeText(article((n) => `${n}.`))).toBe(expected);
    expect(summarizeText(article((n) => `${n})`))).toBe(expected);
    expect(summarizeText(article(() => '-'))).toBe(expected);
  });
});

describe('a list followed by page furniture', () => {
  it('ends before a share or read-more line, which is left out, across a blank line or not', () => {
    const text =
      'Colorado has hundreds of trails. Here are our favourites:\n\n1. Hanging Lake Trail, Glenwood Springs\n2. Maroon Bells Scenic Loop, Aspen\n3. Sky Pond, Rocky Mountain National Park\n\nShare this article\nRead more: The best campsites in Utah\n';
    expect(summarize(text, { words: 60 })).toBe(
      'Colorado has hundreds of trails. Here are our favourites: Hanging Lake Trail, Glenwood Springs; Maroon Bells Scenic Loop, Aspen; Sky Pond, Rocky Mountain National Park.',
    );
    // Fragments after the furniture do not go on finishing the list's sentence.
    expect(summarize('The kit list:\n- boots\n- map\nRelated articles\nBest tents of 2026\n', { words: 60 })).toBe('The kit list: boots; map.');
  });

  it('leaves out a wire service\'s copyright and redistribution notice', () => {
    const text =
      'The mayor resigned on Friday. She cited health reasons.\n\nCopyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.\n';
    expect(summarize(text, { words: 60 })).toBe('The mayor resigned on Friday. She cited health reasons.');
    expect(summarize('Rain fell. This story may not be reproduced or distributed without prior written permission.', { words: 60 })).toBe('Rain fell.');
  });
});
