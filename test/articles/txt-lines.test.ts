import { describe, expect, it } from 'vitest';
import { textToParagraphs } from '../../src/articles/parsed.js';
import { summarizeText } from '../../src/summarize/index.js';

// How `.txt` lines become paragraphs: wrapping is joined, a writer's own breaks are kept.
describe('.txt line breaks', () => {
  it('does not take a wrapped line that is nearly as long as the text for a subhead (fmt -w 72)', () => {
    const block = [
      'The airport said its profits rose sharply in the year to March, helped',
      'by lower costs and more flights. Its shares were up 3% in early trade.',
      'It also reported on Friday that passenger numbers rose 8.1% in',
      'January. Aviation analyst John Smith said the figures were strong.',
    ].join('\n');
    // The third line (62 characters of 72) had room for "January." but is no subhead: 62 > 60% of 72.
    expect(textToParagraphs(`${block}\n\nNext paragraph.`)).toEqual([block.replace(/\n/g, ' '), 'Next paragraph.']);
    // A line ending in a function word is never a subhead, however short.
    expect(textToParagraphs('Profits rose in\nJanuary after a strong Christmas season in all of the stores.\n\nMore.')).toEqual([
      'Profits rose in January after a strong Christmas season in all of the stores.',
      'More.',
    ]);
    // A real subhead is still one.
    expect(textToParagraphs('Arsenal win on penalties\nThe match went to extra time after a late equaliser from the visitors.\n\nMore.')).toEqual([
      'Arsenal win on penalties',
      'The match went to extra time after a late equaliser from the visitors.',
      'More.',
    ]);
  });

  it('does not end a paragraph at a line ending in an abbreviation (no blank lines)', () => {
    const text =
      'The bakery in St. Albans has raised its prices.\nMrs. Brown, who runs the shop with her husband Mr.\n' +
      'Brown, said the new rules would cost her business money.\nShe said the changes were too soon for small firms.\n';
    expect(textToParagraphs(text)).toEqual([
      'The bakery in St. Albans has raised its prices.',
      'Mrs. Brown, who runs the shop with her husband Mr. Brown, said the new rules would cost her business money.',
      'She said the changes were too soon for small firms.',
    ]);
  });

  it('does not let a line without a space (a URL) set the width of text without blank lines', () => {
    const text = [
      'The museum will be closed from Monday to',
      'the end of March while its roof is repaired, the',
      'council said on Friday in a statement.',
      'Details: https://www.example.org/news/2026/museum-roof-repairs-and-closure-dates-announced',
    ].join('\n');
    expect(textToParagraphs(text)).toEqual([
      'The museum will be closed from Monday to the end of March while its roof is repaired, the council said on Friday in a statement.',
      'Details: https://www.example.org/news/2026/museum-roof-repairs-and-closure-dates-announced',
    ]);
    const wrapped = [
      'Trains will not run between the two stations from Monday while',
      'engineers replace the bridge, which was built in 1890, and the',
      'work is expected to last about two',
      'weeks, the operator said.',
      'https://www.example.org/travel/2026/engineering-works/bridge-replacement-timetable',
    ].join('\n');
    expect(textToParagraphs(wrapped)[0]).toBe(
      'Trains will not run between the two stations from Monday while engineers replace the bridge, which was built in 1890, and the work is expected to last about two weeks, the operator said.',
    );
  });

  it('joins a line that does not end a sentence to a next line starting in lowercase (ragged right)', () => {
    const text =
      'Ragged right article\n\nThe mayor announced on Friday that the city would\nbuild a new bridge across the river.\n' +
      'Construction will start next spring and is expected to take\nthree years.\n';
    expect(summarizeText(text)).toBe(
      'The mayor announced on Friday that the city would build a new bridge across the river. Construction will start next spring and is expected to take three years.',
    );
    // The items of a list under a lead-in stay apart, lowercase or not.
    expect(textToParagraphs('Here is the list:\nfirst\nsecond\nthird')).toEqual(['Here is the list:', 'first', 'second', 'third']);
  });

  it('joins wrapped Chinese lines without a space', () => {
    expect(textToParagraphs('北京市政府周一宣布，将在明年春\n天开放一座新的公共图书馆。该图\n书馆位于市中心。\n')).toEqual([
      '北京市政府周一宣布，将在明年春天开放一座新的公共图书馆。该图书馆位于市中心。',
    ]);
    expect(textToParagraphs('東京都は月曜日、来年の春に新しい\n図書館を開くと発表した。\n\n次。')).toEqual([
      '東京都は月曜日、来年の春に新しい図書館を開くと発表した。',
      '次。',
    ]);
  });
});
